#include "config/config_loader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/ids.h"

namespace lakehouse {
namespace {

using Env = std::map<std::string, std::string>;

// A TOML file in the temp directory, removed when the test ends.
class TempToml {
 public:
  explicit TempToml(const std::string& text)
      : path_((std::filesystem::temp_directory_path() / ("lh-config-" + NewRequestId() + ".toml"))
                  .string()) {
    std::ofstream(path_) << text;
  }
  ~TempToml() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr const char* kFile = R"(
data_dir = "/from/file"
[server]
host = "file.example"
port = 1001
)";

struct PrecedenceCase {
  std::string name;
  Env env;
  ConfigOverrides flags;  // config_file is filled in by the test
  std::string data_dir;
  std::string host;
  int port;
};

class PrecedenceTest : public testing::TestWithParam<PrecedenceCase> {};

TEST_P(PrecedenceTest, LaterLayersWin) {
  TempToml file(kFile);
  ConfigOverrides flags = GetParam().flags;
  flags.config_file = file.path();
  Result<Config> config = LoadConfig(flags, GetParam().env);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->data_dir, GetParam().data_dir);
  EXPECT_EQ(config->server.host, GetParam().host);
  EXPECT_EQ(config->server.port, GetParam().port);
  EXPECT_EQ(config->server.threads, 32);  // set nowhere: the default
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PrecedenceTest,
    testing::Values(
        PrecedenceCase{"FileOverDefaults", {}, {}, "/from/file", "file.example", 1001},
        PrecedenceCase{
            "EnvOverFile", {{"LAKEHOUSE_PORT", "1002"}}, {}, "/from/file", "file.example", 1002},
        PrecedenceCase{"FlagsOverEnv",
                       {{"LAKEHOUSE_PORT", "1002"}, {"LAKEHOUSE_HOST", "env.example"}},
                       {.data_dir = "/from/flag", .port = 1003},
                       "/from/flag",
                       "env.example",
                       1003},
        PrecedenceCase{"EveryFlag",
                       {{"LAKEHOUSE_DATA_DIR", "/from/env"}, {"LAKEHOUSE_HOST", "env.example"}},
                       {.data_dir = "/from/flag", .host = "flag.example", .port = 0},
                       "/from/flag",
                       "flag.example",
                       0}),
    [](const testing::TestParamInfo<PrecedenceCase>& info) { return info.param.name; });

TEST(ConfigLoaderTest, NoFileNoEnvGivesDefaults) {
  Result<Config> config = LoadConfig({}, {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->data_dir, "./data");
  EXPECT_EQ(config->server.port, 3100);
}

TEST(ConfigLoaderTest, ConfigFileFromEnvironment) {
  TempToml file(kFile);
  Result<Config> config = LoadConfig({}, {{"LAKEHOUSE_CONFIG", file.path()}});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server.port, 1001);
}

TEST(ConfigLoaderTest, ConfigFlagBeatsEnvironment) {
  TempToml file(kFile);
  ConfigOverrides flags;
  flags.config_file = file.path();
  Result<Config> config = LoadConfig(flags, {{"LAKEHOUSE_CONFIG", "/nonexistent.toml"}});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server.port, 1001);
}

struct LoadErrorCase {
  std::string name;
  std::string file;  // written to a temp file and named by --config when non-empty
  Env env;
  ConfigOverrides flags;
  std::string message;  // expected whole message; "<file>" stands for the temp file's path
};

class LoadErrorTest : public testing::TestWithParam<LoadErrorCase> {};

TEST_P(LoadErrorTest, FailsWithInvalidArgument) {
  const LoadErrorCase& c = GetParam();
  TempToml file(c.file);
  ConfigOverrides flags = c.flags;
  if (!c.file.empty()) flags.config_file = file.path();
  Result<Config> config = LoadConfig(flags, c.env);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  std::string expected = c.message;
  if (size_t at = expected.find("<file>"); at != std::string::npos) {
    expected.replace(at, 6, file.path());
  }
  EXPECT_EQ(config.status().message(), expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LoadErrorTest,
    testing::Values(
        LoadErrorCase{"MissingFileFromFlag",
                      "",
                      {},
                      {.config_file = "/nonexistent/lh.toml"},
                      "config file /nonexistent/lh.toml (named by flag --config) does not exist"},
        LoadErrorCase{"MissingFileFromEnv",
                      "",
                      {{"LAKEHOUSE_CONFIG", "/nonexistent/lh.toml"}},
                      {},
                      "config file /nonexistent/lh.toml (named by environment variable "
                      "LAKEHOUSE_CONFIG) does not exist"},
        LoadErrorCase{"EmptyConfigFlag",
                      "",
                      {},
                      {.config_file = ""},
                      "flag --config: the config file path is empty"},
        LoadErrorCase{"ErrorInFileNamesFileAndLine",
                      "[server]\nport = 99999\n",
                      {},
                      {},
                      "config file <file>, line 2: server.port must be between 0 and 65535, "
                      "got 99999"},
        LoadErrorCase{"BadIntInEnv",
                      "",
                      {{"LAKEHOUSE_SQL_POOL_SIZE", "many"}},
                      {},
                      "environment variable LAKEHOUSE_SQL_POOL_SIZE: expected an integer, got "
                      "'many'"},
        LoadErrorCase{"FlagOutOfRange",
                      "",
                      {},
                      {.port = 70000},
                      "flag --port: server.port must be between 0 and 65535, got 70000"},
        LoadErrorCase{
            "EmptyHostFlag", "", {}, {.host = ""}, "flag --host: server.host must not be empty"},
        LoadErrorCase{"CrossLayerRuleCheckedAfterMerge",
                      "[sql]\nmax_query_timeout_ms = 1000\n",
                      {{"LAKEHOUSE_SQL_QUERY_TIMEOUT_MS", "5000"}},
                      {},
                      "sql.query_timeout_ms (5000) must not exceed sql.max_query_timeout_ms "
                      "(1000)"},
        LoadErrorCase{"RescueBucketMustExist",
                      "[storage]\nrescue_bucket = \"backup\"\n",
                      {},
                      {},
                      "storage.rescue_bucket 'backup' is not a configured bucket (known: "
                      "primary); add it under [[storage.buckets]] or leave rescue_bucket "
                      "empty"}),
    [](const testing::TestParamInfo<LoadErrorCase>& info) { return info.param.name; });

TEST(ConfigLoaderTest, EnvironmentMapCopiesOnlyLakehouseVariables) {
  ASSERT_EQ(setenv("LAKEHOUSE_CONFIG_TEST_PROBE", "a=b", 1), 0);
  std::map<std::string, std::string> env = EnvironmentMap();
  unsetenv("LAKEHOUSE_CONFIG_TEST_PROBE");
  EXPECT_EQ(env["LAKEHOUSE_CONFIG_TEST_PROBE"], "a=b");
  for (const auto& [name, value] : env) EXPECT_TRUE(name.starts_with("LAKEHOUSE_")) << name;
}

}  // namespace
}  // namespace lakehouse
