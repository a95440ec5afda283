#include "config/config_json.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(ConfigJsonTest, MirrorsTheTomlLayout) {
  Config config;
  config.storage.buckets.push_back({"archive", "local", "/mnt/archive"});
  Json json = ConfigToJson(config, /*redact_secrets=*/false);
  EXPECT_EQ(json["data_dir"], "./data");
  EXPECT_EQ(json["log"]["level"], "info");
  EXPECT_EQ(json["server"]["port"], 3100);
  EXPECT_EQ(json["server"]["max_body_bytes"], 256LL << 20);
  EXPECT_EQ(json["server"]["cors_allowed_origins"], Json::array());
  EXPECT_EQ(json["sql"]["database_path"], "");
  EXPECT_EQ(json["storage"]["rescue_bucket"], "");
  EXPECT_EQ(json["storage"]["buckets"],
            Json::parse(R"([{"name": "archive", "backend": "local", "root": "/mnt/archive",
                             "endpoint": "", "region": "us-east-1", "s3_bucket": "",
                             "url_style": "path", "access_key_id": "", "secret_access_key": "",
                             "secret_access_key_file": ""}])"));
  Config s3;
  BucketOptions lake{"lake", "s3", ""};
  lake.endpoint = "http://127.0.0.1:9000";
  lake.access_key_id = "id";
  lake.secret_access_key = "s3-secret-value";
  s3.storage.buckets.push_back(lake);
  EXPECT_EQ(DumpJson(ConfigToJson(s3, /*redact_secrets=*/true)).find("s3-secret-value"),
            std::string::npos);
  EXPECT_EQ(json["ai"]["embed_model"], "builtin/use-lite-v1");
  EXPECT_EQ(json["vectors"]["checkpoint_chunks"], 2048);
  EXPECT_EQ(json["postgres"]["password_file"], "");
  EXPECT_EQ(json["mysql"]["password_file"], "");
  EXPECT_EQ(json["mysql"]["allowed_hosts"], Json::array());
  EXPECT_EQ(json["ingest"]["max_line_bytes"], 8 << 20);
  EXPECT_EQ(json["ingest"]["ocr_languages"], "eng");
  EXPECT_EQ(json["schedules"]["watch_roots"], Json::array());
  EXPECT_EQ(json["jobs"]["workers"], 2);
  EXPECT_EQ(json["debug"]["compact_pause_ms"], 0);
  EXPECT_EQ(json["grpc"]["port"], -1);
  EXPECT_EQ(json["telemetry"]["otlp_endpoint"], "");
  // data_dir, log, server, grpc, sql, storage, ai, vectors, ingest, postgres, mysql, schedules,
  // jobs, telemetry, audit, journal, debug, catalog
  EXPECT_EQ(json.size(), 18u);
}

TEST(ConfigJsonTest, RedactsApiKeysKeepingTheCount) {
  Config config;
  config.server.api_keys = {"secret-one", "secret-two"};
  config.server.cors_allowed_origins = {"https://ui.example"};
  Json redacted = ConfigToJson(config, /*redact_secrets=*/true);
  EXPECT_EQ(redacted["server"]["api_keys"], Json::array({"***", "***"}));
  EXPECT_EQ(DumpJson(redacted).find("secret-"), std::string::npos);
  EXPECT_EQ(redacted["server"]["cors_allowed_origins"],
            Json::array({"https://ui.example"}));  // not a secret

  Json plain = ConfigToJson(config, /*redact_secrets=*/false);
  EXPECT_EQ(plain["server"]["api_keys"], Json::array({"secret-one", "secret-two"}));
}

TEST(ConfigJsonTest, NoKeysStaysEmptyWhenRedacted) {
  Json redacted = ConfigToJson(Config{}, /*redact_secrets=*/true);
  EXPECT_EQ(redacted["server"]["api_keys"], Json::array());
}

TEST(ConfigJsonTest, RedactsTheOpenAiKeyAndCredentialsInUrls) {
  Config config;
  config.ai.openai_api_key = "sk-very-secret";
  config.telemetry.otlp_endpoint = "https://collector:hunter2@otel.example:4318/v1/traces";
  config.ai.ollama_url = "http://127.0.0.1:11434";
  Json redacted = ConfigToJson(config, /*redact_secrets=*/true);
  EXPECT_EQ(redacted["ai"]["openai_api_key"], "***");
  EXPECT_EQ(redacted["telemetry"]["otlp_endpoint"], "https://***@otel.example:4318/v1/traces");
  EXPECT_EQ(redacted["ai"]["ollama_url"], "http://127.0.0.1:11434");
  const std::string text = DumpJson(redacted);
  EXPECT_EQ(text.find("sk-very-secret"), std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(ConfigToJson(config, false)["telemetry"]["otlp_endpoint"],
            config.telemetry.otlp_endpoint);
}

}  // namespace
}  // namespace lakehouse
