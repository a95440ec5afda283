#include "config/config_validation.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace lakehouse {
namespace {

BucketOptions Bucket(std::string name, std::string root = "r", std::string backend = "local") {
  BucketOptions bucket;
  bucket.name = std::move(name);
  bucket.root = std::move(root);
  bucket.backend = std::move(backend);
  return bucket;
}

struct Case {
  std::string name;
  std::function<void(Config&)> mutate;
  std::string error;  // empty → valid; otherwise the whole expected message
};

class ConfigValidationTest : public testing::TestWithParam<Case> {};

TEST_P(ConfigValidationTest, Validates) {
  Config config;
  GetParam().mutate(config);
  Status status = ValidateConfig(config);
  if (GetParam().error.empty()) {
    EXPECT_TRUE(status.ok()) << status.ToString();
  } else {
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(), GetParam().error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigValidationTest,
    testing::Values(
        Case{"Defaults", [](Config&) {}, ""},
        Case{"TimeoutEqualToMax",
             [](Config& c) { c.sql.query_timeout_ms = c.sql.max_query_timeout_ms; }, ""},
        Case{"TimeoutAboveMax",
             [](Config& c) {
               c.sql.query_timeout_ms = 60'000;
               c.sql.max_query_timeout_ms = 30'000;
             },
             "sql.query_timeout_ms (60000) must not exceed sql.max_query_timeout_ms (30000)"},
        Case{"KeyRangesApplyToBuiltConfigs", [](Config& c) { c.server.port = -5; },
             "server.port must be between 0 and 65535, got -5"},
        Case{"LogLevel", [](Config& c) { c.log.level = "INFO"; },
             "log.level must be one of 'trace', 'debug', 'info', 'warn', 'error', 'off', got "
             "'INFO'"},
        Case{"Buckets",
             [](Config& c) {
               c.storage.buckets = {Bucket("primary"), Bucket("archive", "/mnt/a")};
               c.storage.rescue_bucket = "archive";
             },
             ""},
        Case{"RescuePrimaryWithoutListingIt",
             [](Config& c) { c.storage.rescue_bucket = "primary"; }, ""},
        Case{"RescueUnknown",
             [](Config& c) {
               c.storage.buckets = {Bucket("archive")};
               c.storage.rescue_bucket = "archve";
             },
             "storage.rescue_bucket 'archve' is not a configured bucket (known: primary, "
             "archive); add it under [[storage.buckets]] or leave rescue_bucket empty"},
        Case{"DuplicateBucket",
             [](Config& c) {
               c.storage.buckets = {Bucket("a"), Bucket("b"), Bucket("a")};
             },
             "storage.buckets[2]: bucket name 'a' is used by an earlier bucket; names must be "
             "unique"},
        Case{"BucketWithoutName", [](Config& c) { c.storage.buckets = {Bucket("")}; },
             "storage.buckets[0]: name '' is invalid: bucket names use 1-63 characters from a-z, "
             "0-9, '_' and '-', starting with a letter or digit"},
        Case{"BucketWithoutRoot", [](Config& c) { c.storage.buckets = {Bucket("a", "")}; },
             "storage.buckets[0]: root must not be empty"},
        Case{"BucketBackend", [](Config& c) { c.storage.buckets = {Bucket("a", "r", "ftp")}; },
             "storage.buckets[0]: backend must be one of 'local', 's3', got 'ftp'"},
        Case{"S3BucketWithoutEndpoint",
             [](Config& c) { c.storage.buckets = {Bucket("a", "", "s3")}; },
             "storage.buckets[0]: an s3 bucket needs an endpoint"},
        Case{"OllamaModelWithOllama",
             [](Config& c) {
               c.ai.ollama_url = "http://127.0.0.1:11434";
               c.ai.embed_model = "ollama/nomic-embed-text";
               c.ai.generate_model = "ollama/llama3.2";
             },
             ""},
        Case{"OllamaModelWithoutUrl",
             [](Config& c) { c.ai.embed_model = "ollama/nomic-embed-text"; },
             "ai.embed_model 'ollama/nomic-embed-text' needs ai.ollama_url (e.g. "
             "http://127.0.0.1:11434)"},
        Case{"OpenAiGeneratorWithoutUrl", [](Config& c) { c.ai.generate_model = "openai/gpt-4o"; },
             "ai.generate_model 'openai/gpt-4o' needs ai.openai_url"},
        Case{"ApiKeyAndKeyFile",
             [](Config& c) {
               c.ai.openai_api_key = "sk-x";
               c.ai.openai_api_key_file = "/run/secrets/openai";
             },
             "set at most one of ai.openai_api_key and ai.openai_api_key_file"},
        Case{"RetryDelays",
             [](Config& c) {
               c.ai.retry_base_delay_ms = 5000;
               c.ai.retry_max_delay_ms = 1000;
             },
             "ai.retry_base_delay_ms (5000) must not exceed ai.retry_max_delay_ms (1000)"}),
    [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace lakehouse
