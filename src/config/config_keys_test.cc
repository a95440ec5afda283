#include "config/config_keys.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lakehouse {
namespace {

TEST(ConfigKeysTest, PathsAndVariablesAreUnique) {
  std::set<std::string_view> paths;
  std::set<std::string_view> vars;
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_TRUE(paths.insert(key.path).second) << "duplicate path " << key.path;
    if (key.env_var.empty()) continue;
    EXPECT_TRUE(vars.insert(key.env_var).second) << "duplicate variable " << key.env_var;
    EXPECT_TRUE(key.env_var.starts_with("LAKEHOUSE_")) << key.env_var;
  }
}

TEST(ConfigKeysTest, DocumentedEnvironmentVariablesAreAllBound) {
  const std::set<std::string_view> expected = {"LAKEHOUSE_DATA_DIR",
                                               "LAKEHOUSE_LOG_LEVEL",
                                               "LAKEHOUSE_LOG_FORMAT",
                                               "LAKEHOUSE_HOST",
                                               "LAKEHOUSE_PORT",
                                               "LAKEHOUSE_THREADS",
                                               "LAKEHOUSE_MAX_BODY_BYTES",
                                               "LAKEHOUSE_API_KEYS",
                                               "LAKEHOUSE_CORS_ALLOWED_ORIGINS",
                                               "LAKEHOUSE_SQL_MEMORY_LIMIT",
                                               "LAKEHOUSE_SQL_THREADS",
                                               "LAKEHOUSE_SQL_POOL_SIZE",
                                               "LAKEHOUSE_SQL_QUERY_TIMEOUT_MS",
                                               "LAKEHOUSE_SQL_HOT_CACHE_BYTES",
                                               "LAKEHOUSE_SQL_COMPACT_AFTER_FILES",
                                               "LAKEHOUSE_SQL_RESULT_CACHE_PERCENT",
                                               "LAKEHOUSE_AI_OLLAMA_URL",
                                               "LAKEHOUSE_AI_OPENAI_URL",
                                               "LAKEHOUSE_AI_OPENAI_API_KEY",
                                               "LAKEHOUSE_AI_OPENAI_API_KEY_FILE",
                                               "LAKEHOUSE_AI_EMBED_MODEL",
                                               "LAKEHOUSE_AI_GENERATE_MODEL",
                                               "LAKEHOUSE_AI_TEI_URL",
                                               "LAKEHOUSE_AI_RERANK_MODEL",
                                               "LAKEHOUSE_AI_BATCH_SIZE",
                                               "LAKEHOUSE_AI_BATCH_CHARS",
                                               "LAKEHOUSE_AI_OLLAMA_CONCURRENCY",
                                               "LAKEHOUSE_AI_OPENAI_CONCURRENCY",
                                               "LAKEHOUSE_AI_REQUEST_TIMEOUT_MS",
                                               "LAKEHOUSE_AI_GENERATE_TIMEOUT_MS",
                                               "LAKEHOUSE_AI_MAX_RETRIES",
                                               "LAKEHOUSE_AI_RETRY_BASE_DELAY_MS",
                                               "LAKEHOUSE_AI_RETRY_MAX_DELAY_MS",
                                               "LAKEHOUSE_AI_BUILTIN_DIMENSIONS",
                                               "LAKEHOUSE_AI_USE_LITE_DIR",
                                               "LAKEHOUSE_AI_USE_LITE_THREADS",
                                               "LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS",
                                               "LAKEHOUSE_INGEST_MAX_LINE_BYTES",
                                               "LAKEHOUSE_INGEST_OCR_LANGUAGES",
                                               "LAKEHOUSE_INGEST_OCR_MAX_PAGES",
                                               "LAKEHOUSE_INGEST_OCR_TIMEOUT_MS",
                                               "LAKEHOUSE_SCHEDULES_WATCH_ROOTS",
                                               "LAKEHOUSE_POSTGRES_PASSWORD_FILE",
                                               "LAKEHOUSE_STORAGE_ALLOWED_ROOTS",
                                               "LAKEHOUSE_POSTGRES_ALLOWED_HOSTS",
                                               "LAKEHOUSE_POSTGRES_SSL_FILE_ROOTS",
                                               "LAKEHOUSE_MYSQL_PASSWORD_FILE",
                                               "LAKEHOUSE_MYSQL_ALLOWED_HOSTS",
                                               "LAKEHOUSE_HEADER_TIMEOUT_MS",
                                               "LAKEHOUSE_BODY_TIMEOUT_MS",
                                               "LAKEHOUSE_JOBS_WORKERS",
                                               "LAKEHOUSE_DEBUG_COMPACT_PAUSE_MS",
                                               "LAKEHOUSE_DEBUG_INDEX_LOAD_PAUSE_MS",
                                               "LAKEHOUSE_GRPC_HOST",
                                               "LAKEHOUSE_GRPC_PORT",
                                               "LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT",
                                               "LAKEHOUSE_TELEMETRY_SERVICE_NAME",
                                               "LAKEHOUSE_TELEMETRY_QUEUE_SPANS",
                                               "LAKEHOUSE_TELEMETRY_FLUSH_INTERVAL_MS",
                                               "LAKEHOUSE_TELEMETRY_EXPORT_TIMEOUT_MS",
                                               "LAKEHOUSE_AUDIT_ENABLED",
                                               "LAKEHOUSE_JOURNAL_ENABLED",
                                               "LAKEHOUSE_STORAGE_S3_CACHE_BYTES",
                                               "LAKEHOUSE_CATALOG_URL",
                                               "LAKEHOUSE_STORAGE_S3_ALLOWED_ENDPOINTS"};
  std::set<std::string_view> bound;
  for (const ConfigKey& key : ConfigKeys()) {
    if (!key.env_var.empty()) bound.insert(key.env_var);
  }
  EXPECT_EQ(bound, expected);
}

TEST(ConfigKeysTest, DefaultsPassEveryCheckAndRoundTrip) {
  Config defaults;
  for (const ConfigKey& key : ConfigKeys()) {
    ConfigValue value = key.get(defaults);
    EXPECT_EQ(value.index(), static_cast<size_t>(key.type)) << key.path;
    EXPECT_TRUE(key.check(value).ok()) << key.path << ": " << key.check(value).ToString();
    Config copy;
    key.set(copy, value);
    EXPECT_EQ(key.get(copy), value) << key.path;
  }
}

TEST(ConfigKeysTest, OnlyApiKeysAreSecret) {
  for (const ConfigKey& key : ConfigKeys()) {
    // catalog.url may hold a PostgreSQL password.
    EXPECT_EQ(key.secret, key.path == "server.api_keys" || key.path == "ai.openai_api_key" ||
                              key.path == "catalog.url")
        << key.path;
  }
}

TEST(ConfigKeysTest, AiModelIdsAndUrlsAreChecked) {
  const ConfigKey* embed = FindKey(ConfigKeys(), "ai.embed_model");
  const ConfigKey* generate = FindKey(ConfigKeys(), "ai.generate_model");
  const ConfigKey* url = FindKey(ConfigKeys(), "ai.ollama_url");
  ASSERT_TRUE(embed && generate && url);
  EXPECT_TRUE(embed->check(std::string("ollama/nomic-embed-text")).ok());
  EXPECT_FALSE(embed->check(std::string("nomic-embed-text")).ok());
  EXPECT_FALSE(embed->check(std::string("")).ok());
  EXPECT_TRUE(generate->check(std::string("")).ok());
  EXPECT_TRUE(generate->check(std::string("openai/gpt-4o-mini")).ok());
  EXPECT_FALSE(generate->check(std::string("builtin/hash-v1")).ok());
  EXPECT_TRUE(url->check(std::string("http://127.0.0.1:11434")).ok());
  EXPECT_FALSE(url->check(std::string("127.0.0.1:11434")).ok());
}

TEST(ConfigKeysTest, ApplyChecksBeforeStoring) {
  const ConfigKey* port = FindKey(ConfigKeys(), "server.port");
  ASSERT_NE(port, nullptr);
  Config config;
  Status status = port->Apply(config, ConfigValue(int64_t{70000}));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "server.port must be between 0 and 65535, got 70000");
  EXPECT_EQ(config.server.port, 3100);
  EXPECT_TRUE(port->Apply(config, ConfigValue(int64_t{0})).ok());
  EXPECT_EQ(config.server.port, 0);
}

TEST(ConfigKeysTest, IntegerKeysRefuseValuesTheFieldCannotHold) {
  const ConfigKey* threads = FindKey(ConfigKeys(), "server.threads");
  ASSERT_NE(threads, nullptr);
  Status status = threads->check(ConfigValue(int64_t{1} << 40));
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("at most"), std::string::npos) << status.message();
}

TEST(ConfigKeysTest, BucketNames) {
  struct Case {
    std::string name;
    bool valid;
  };
  const Case cases[] = {
      {"primary", true},
      {"a", true},
      {"0data", true},
      {"raw_2024-01", true},
      {"", false},
      {"-x", false},
      {"_x", false},
      {"Upper", false},
      {"a.b", false},
      {"a b", false},
      {std::string(63, 'a'), true},
      {std::string(64, 'a'), false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsValidBucketName(c.name), c.valid) << "'" << c.name << "'";
}

TEST(ConfigKeysTest, SectionsAndSuggestions) {
  EXPECT_TRUE(IsConfigSection("server"));
  EXPECT_TRUE(IsConfigSection("storage"));
  EXPECT_TRUE(IsConfigSection("log"));
  EXPECT_FALSE(IsConfigSection("server.port"));
  EXPECT_FALSE(IsConfigSection("serv"));
  EXPECT_FALSE(IsConfigSection("storage.buckets"));
  EXPECT_EQ(SuggestKey("server.prot", {"server.port", "server.host"}), "server.port");
  EXPECT_EQ(SuggestKey("nme", {"name", "root"}), "name");
  EXPECT_EQ(SuggestKey("completely_else", {"name", "root"}), std::nullopt);
}

}  // namespace
}  // namespace lakehouse
