#include "config/toml_config_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lakehouse {
namespace {

TEST(TomlConfigReaderTest, AppliesEveryKindOfKey) {
  Config config;
  Status status = ApplyTomlText(R"(
data_dir = "/var/lib/lakehouse"
[log]
level = "debug"
format = "json"
[server]
host = "0.0.0.0"
port = 8080
max_body_bytes = 1024
api_keys = ["k1", "k2"]
cors_allowed_origins = []
[sql]
memory_limit = "2GB"
threads = 0
query_timeout_ms = 1000
[storage]
rescue_bucket = "archive"
[[storage.buckets]]
name = "archive"
root = "/mnt/archive"
[[storage.buckets]]
name = "scratch"
backend = "local"
root = "scratch"
)",
                                "test.toml", config);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(config.data_dir, "/var/lib/lakehouse");
  EXPECT_EQ(config.log.level, "debug");
  EXPECT_EQ(config.log.format, "json");
  EXPECT_EQ(config.server.host, "0.0.0.0");
  EXPECT_EQ(config.server.port, 8080);
  EXPECT_EQ(config.server.max_body_bytes, 1024);
  EXPECT_EQ(config.server.api_keys, (std::vector<std::string>{"k1", "k2"}));
  EXPECT_TRUE(config.server.cors_allowed_origins.empty());
  EXPECT_EQ(config.server.threads, 32);  // untouched keys keep their value
  EXPECT_EQ(config.sql.memory_limit, "2GB");
  EXPECT_EQ(config.sql.query_timeout_ms, 1000);
  EXPECT_EQ(config.storage.rescue_bucket, "archive");
  ASSERT_EQ(config.storage.buckets.size(), 2u);
  EXPECT_EQ(config.storage.buckets[0].name, "archive");
  EXPECT_EQ(config.storage.buckets[0].backend, "local");  // the BucketOptions default
  EXPECT_EQ(config.storage.buckets[1].root, "scratch");
}

TEST(TomlConfigReaderTest, EmptyDocumentChangesNothing) {
  Config config;
  config.server.port = 1;
  ASSERT_TRUE(ApplyTomlText("# nothing here\n", "empty.toml", config).ok());
  EXPECT_EQ(config.server.port, 1);
}

struct ErrorCase {
  std::string name;
  std::string toml;
  std::vector<std::string> message_parts;  // each must occur in the error message
};

class TomlConfigErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(TomlConfigErrorTest, RefusesWithActionableMessage) {
  Config config;
  Status status = ApplyTomlText(GetParam().toml, "/etc/lakehouse.toml", config);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  for (const std::string& part : GetParam().message_parts) {
    EXPECT_NE(status.message().find(part), std::string::npos)
        << "missing '" << part << "' in: " << status.message();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TomlConfigErrorTest,
    testing::Values(
        ErrorCase{"SyntaxErrorHasLineAndColumn",
                  "[server]\nport = 80\nhost = \n",
                  {"config file /etc/lakehouse.toml, line 3, column", "invalid TOML"}},
        ErrorCase{"DuplicateKeyIsSyntaxError",
                  "[server]\nport = 1\nport = 2\n",
                  {"line 3", "invalid TOML"}},
        ErrorCase{"UnknownKeyWithHint",
                  "[server]\nhost = \"x\"\nprot = 80\n",
                  {"/etc/lakehouse.toml, line 3", "unknown key 'server.prot'",
                   "did you mean 'server.port'?"}},
        ErrorCase{"UnknownTopLevelKey",
                  "datadir = \"x\"\n",
                  {"unknown key 'datadir'", "did you mean 'data_dir'?"}},
        ErrorCase{"UnknownSection",
                  "[sever]\nport = 1\n",
                  {"unknown key 'sever'", "did you mean 'server'?"}},
        ErrorCase{
            "UnknownSectionWithoutHint", "[metrics]\nenabled = true\n", {"unknown key 'metrics'"}},
        ErrorCase{"SectionMustBeTable",
                  "server = 5\n",
                  {"line 1", "'server' must be a table ([server]), got integer"}},
        ErrorCase{"StringForInteger",
                  "[server]\nport = \"8080\"\n",
                  {"line 2", "server.port must be an integer, got string"}},
        ErrorCase{"FloatForInteger",
                  "[sql]\npool_size = 2.5\n",
                  {"sql.pool_size must be an integer, got floating-point"}},
        ErrorCase{
            "IntegerForString", "[log]\nlevel = 3\n", {"log.level must be a string, got integer"}},
        ErrorCase{"StringForList",
                  "[server]\napi_keys = \"k1\"\n",
                  {"server.api_keys must be an array of strings, got string"}},
        ErrorCase{"NonStringListEntry",
                  "[server]\ncors_allowed_origins = [\"a\", 1]\n",
                  {"server.cors_allowed_origins[1] must be a string, got integer"}},
        ErrorCase{"EmptyListEntry",
                  "[server]\napi_keys = [\"\"]\n",
                  {"server.api_keys[0] must not be an empty string"}},
        ErrorCase{"PortRange",
                  "[server]\nport = 65536\n",
                  {"line 2", "server.port must be between 0 and 65535, got 65536"}},
        ErrorCase{"NegativePort", "[server]\nport = -1\n", {"server.port must be between"}},
        ErrorCase{
            "ZeroThreads", "[server]\nthreads = 0\n", {"server.threads must be at least 1, got 0"}},
        ErrorCase{"ZeroBodyLimit",
                  "[server]\nmax_body_bytes = 0\n",
                  {"server.max_body_bytes must be at least 1"}},
        ErrorCase{"ZeroKeepAliveCount",
                  "[server]\nkeep_alive_max_count = 0\n",
                  {"server.keep_alive_max_count must be at least 1"}},
        ErrorCase{"ZeroKeepAliveTimeout",
                  "[server]\nkeep_alive_timeout_s = 0\n",
                  {"server.keep_alive_timeout_s must be at least 1"}},
        ErrorCase{"ZeroReadTimeout",
                  "[server]\nread_timeout_s = 0\n",
                  {"server.read_timeout_s must be at least 1"}},
        ErrorCase{"ZeroWriteTimeout",
                  "[server]\nwrite_timeout_s = 0\n",
                  {"server.write_timeout_s must be at least 1"}},
        ErrorCase{"EmptyHost", "[server]\nhost = \"\"\n", {"server.host must not be empty"}},
        ErrorCase{"EmptyDataDir", "data_dir = \"\"\n", {"data_dir must not be empty"}},
        ErrorCase{
            "NegativeSqlThreads", "[sql]\nthreads = -1\n", {"sql.threads must be at least 0"}},
        ErrorCase{"ZeroPool", "[sql]\npool_size = 0\n", {"sql.pool_size must be at least 1"}},
        ErrorCase{"ZeroQueryTimeout",
                  "[sql]\nquery_timeout_ms = 0\n",
                  {"sql.query_timeout_ms must be at least 1"}},
        ErrorCase{"ZeroMaxQueryTimeout",
                  "[sql]\nmax_query_timeout_ms = 0\n",
                  {"sql.max_query_timeout_ms must be at least 1"}},
        ErrorCase{"LogLevel",
                  "[log]\nlevel = \"verbose\"\n",
                  {"log.level must be one of 'trace', 'debug', 'info', 'warn', 'error', 'off', "
                   "got 'verbose'"}},
        ErrorCase{"LogFormat",
                  "[log]\nformat = \"xml\"\n",
                  {"log.format must be one of 'text', 'json', got 'xml'"}},
        ErrorCase{"BucketsNotArray",
                  "[storage]\nbuckets = \"primary\"\n",
                  {"storage.buckets must be an array of tables ([[storage.buckets]])"}},
        ErrorCase{"BucketNotTable",
                  "[storage]\nbuckets = [1]\n",
                  {"storage.buckets[0] must be a table, got integer"}},
        ErrorCase{
            "BucketUnknownKey",
            "[[storage.buckets]]\nname = \"a\"\nroot = \"r\"\n[[storage.buckets]]\nnme = \"b\"\n",
            {"line 5", "unknown key 'storage.buckets[1].nme'", "did you mean 'name'?"}},
        ErrorCase{
            "BucketBadName",
            "[[storage.buckets]]\nname = \"Raw Data\"\nroot = \"r\"\n",
            {"line 2", "storage.buckets[0]: name 'Raw Data' is invalid: bucket names use 1-63"}},
        ErrorCase{"BucketBackend",
                  "[[storage.buckets]]\nname = \"a\"\nbackend = \"ftp\"\n",
                  {"storage.buckets[0]: backend must be one of 'local', 's3', got 'ftp'"}},
        ErrorCase{"BucketNameType",
                  "[[storage.buckets]]\nname = 7\n",
                  {"storage.buckets[0].name must be a string, got integer"}}),
    [](const testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

TEST(TomlConfigReaderTest, MissingFileIsAnErrorNamingIt) {
  Config config;
  Status status = ApplyTomlFile("/nonexistent/lakehouse.toml", config, "flag --config");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "config file /nonexistent/lakehouse.toml (named by flag --config) does not exist");
}

TEST(TomlConfigReaderTest, DirectoryIsNotAConfigFile) {
  Config config;
  Status status = ApplyTomlFile("/", config);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("is a directory"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace lakehouse
