#include "config/env_config_reader.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "config/config_json.h"

namespace lakehouse {
namespace {

using Env = std::map<std::string, std::string>;
using Strings = std::vector<std::string>;

struct ValueCase {
  std::string name;
  Env env;
  std::function<void(const Config&)> expect;
};

class EnvValueTest : public testing::TestWithParam<ValueCase> {};

TEST_P(EnvValueTest, ParsesValue) {
  Config config;
  Status status = ApplyEnvironment(GetParam().env, config);
  ASSERT_TRUE(status.ok()) << status.ToString();
  GetParam().expect(config);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EnvValueTest,
    testing::Values(ValueCase{"String",
                              {{"LAKEHOUSE_DATA_DIR", "/srv/lh"}},
                              [](const Config& c) { EXPECT_EQ(c.data_dir, "/srv/lh"); }},
                    ValueCase{"Integer",
                              {{"LAKEHOUSE_PORT", "8080"}},
                              [](const Config& c) { EXPECT_EQ(c.server.port, 8080); }},
                    ValueCase{"IntegerWithSpaces",
                              {{"LAKEHOUSE_SQL_POOL_SIZE", " 4 "}},
                              [](const Config& c) { EXPECT_EQ(c.sql.pool_size, 4); }},
                    ValueCase{
                        "Int64",
                        {{"LAKEHOUSE_MAX_BODY_BYTES", "10737418240"}},
                        [](const Config& c) { EXPECT_EQ(c.server.max_body_bytes, 10737418240LL); }},
                    ValueCase{"TestFaultHooksAreConfigKeys",
                              {{"LAKEHOUSE_DEBUG_COMPACT_PAUSE_MS", "2000"},
                               {"LAKEHOUSE_DEBUG_INDEX_LOAD_PAUSE_MS", "3000"},
                               {"LAKEHOUSE_JOBS_WORKERS", "3"}},
                              [](const Config& c) {
                                EXPECT_EQ(c.debug.compact_pause_ms, 2000);
                                EXPECT_EQ(c.debug.index_load_pause_ms, 3000);
                                EXPECT_EQ(c.jobs.workers, 3);
                              }},
                    ValueCase{"ListTrimsEntries",
                              {{"LAKEHOUSE_API_KEYS", "k1, k2 ,k3"}},
                              [](const Config& c) {
                                EXPECT_EQ(c.server.api_keys, (Strings{"k1", "k2", "k3"}));
                              }},
                    ValueCase{"SingleEntryList",
                              {{"LAKEHOUSE_CORS_ALLOWED_ORIGINS", "https://a.example"}},
                              [](const Config& c) {
                                EXPECT_EQ(c.server.cors_allowed_origins,
                                          (Strings{"https://a.example"}));
                              }},
                    ValueCase{"EmptyMeansUnset",
                              {{"LAKEHOUSE_API_KEYS", ""}, {"LAKEHOUSE_PORT", ""}},
                              [](const Config& c) {
                                EXPECT_TRUE(c.server.api_keys.empty());
                                EXPECT_EQ(c.server.port, 3100);
                              }},
                    ValueCase{"UnrelatedVariablesIgnored",
                              {{"LAKEHOUSE_SOURCE_DIR", "/src"}, {"PATH", "/bin"}},
                              [](const Config& c) {
                                EXPECT_EQ(ConfigToJson(c, false), ConfigToJson(Config{}, false));
                              }},
                    ValueCase{"AllBoundVariables",
                              {{"LAKEHOUSE_LOG_LEVEL", "warn"},
                               {"LAKEHOUSE_LOG_FORMAT", "json"},
                               {"LAKEHOUSE_HOST", "0.0.0.0"},
                               {"LAKEHOUSE_THREADS", "4"},
                               {"LAKEHOUSE_SQL_MEMORY_LIMIT", "1GB"},
                               {"LAKEHOUSE_SQL_THREADS", "2"},
                               {"LAKEHOUSE_SQL_QUERY_TIMEOUT_MS", "500"}},
                              [](const Config& c) {
                                EXPECT_EQ(c.log.level, "warn");
                                EXPECT_EQ(c.log.format, "json");
                                EXPECT_EQ(c.server.host, "0.0.0.0");
                                EXPECT_EQ(c.server.threads, 4);
                                EXPECT_EQ(c.sql.memory_limit, "1GB");
                                EXPECT_EQ(c.sql.threads, 2);
                                EXPECT_EQ(c.sql.query_timeout_ms, 500);
                              }}),
    [](const testing::TestParamInfo<ValueCase>& info) { return info.param.name; });

struct EnvErrorCase {
  std::string name;
  Env env;
  std::string message;  // the whole expected message
};

class EnvErrorTest : public testing::TestWithParam<EnvErrorCase> {};

TEST_P(EnvErrorTest, RefusesNamingTheVariable) {
  Config config;
  Status status = ApplyEnvironment(GetParam().env, config);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EnvErrorTest,
    testing::Values(
        EnvErrorCase{"NotAnInteger",
                     {{"LAKEHOUSE_PORT", "eighty"}},
                     "environment variable LAKEHOUSE_PORT: expected an integer, got 'eighty'"},
        EnvErrorCase{"TrailingGarbage",
                     {{"LAKEHOUSE_THREADS", "8x"}},
                     "environment variable LAKEHOUSE_THREADS: expected an integer, got '8x'"},
        EnvErrorCase{"Fraction",
                     {{"LAKEHOUSE_SQL_POOL_SIZE", "1.5"}},
                     "environment variable LAKEHOUSE_SQL_POOL_SIZE: expected an integer, got "
                     "'1.5'"},
        EnvErrorCase{"Overflow",
                     {{"LAKEHOUSE_MAX_BODY_BYTES", "99999999999999999999"}},
                     "environment variable LAKEHOUSE_MAX_BODY_BYTES: '99999999999999999999' is "
                     "out of range for an integer"},
        EnvErrorCase{"OutOfRange",
                     {{"LAKEHOUSE_PORT", "70000"}},
                     "environment variable LAKEHOUSE_PORT: server.port must be between 0 and "
                     "65535, got 70000"},
        EnvErrorCase{"BadEnum",
                     {{"LAKEHOUSE_LOG_FORMAT", "yaml"}},
                     "environment variable LAKEHOUSE_LOG_FORMAT: log.format must be one of "
                     "'text', 'json', got 'yaml'"},
        EnvErrorCase{"EmptyListEntry",
                     {{"LAKEHOUSE_API_KEYS", "k1,,k2"}},
                     "environment variable LAKEHOUSE_API_KEYS: entry 2 of 'k1,,k2' is empty; "
                     "expected a comma-separated list such as 'a,b'"},
        EnvErrorCase{"TrailingComma",
                     {{"LAKEHOUSE_CORS_ALLOWED_ORIGINS", "a,"}},
                     "environment variable LAKEHOUSE_CORS_ALLOWED_ORIGINS: entry 2 of 'a,' is "
                     "empty; expected a comma-separated list such as 'a,b'"}),
    [](const testing::TestParamInfo<EnvErrorCase>& info) { return info.param.name; });

}  // namespace
}  // namespace lakehouse
