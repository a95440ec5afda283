// The audit log's and the event journal's rotation and retention as configured (issue 20:
// "rotated by size/age with retention in config"): a TOML file sets [audit] and [journal]
// segment_max_bytes, segment_max_age_s and retention_days, LoadConfig reads it, and the real
// server, on an injected ManualClock, rotates the segment files under <data_dir>/audit and
// <data_dir>/journal at that size and age and deletes closed segments past retention.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/clock.h"
#include "config/config_loader.h"
#include "http/http_client.h"
#include "server/lakehouse_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

class LogRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(1'767'225'600 * kSecond);  // 2026-01-01T00:00:00Z
    const std::string toml = dir_.Join("lakehouse.toml");
    std::ofstream(toml) << "[audit]\n"
                           "segment_max_bytes = 4096\n"
                           "segment_max_age_s = 60\n"
                           "retention_days = 1\n"
                           "[journal]\n"
                           "segment_max_bytes = 4096\n"
                           "segment_max_age_s = 60\n"
                           "retention_days = 1\n";
    ConfigOverrides flags;
    flags.config_file = toml;
    flags.data_dir = dir_.Join("data");
    Result<Config> config = LoadConfig(flags, {});
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    ASSERT_EQ(config->audit.segment_max_bytes, 4096);
    config->server.port = 0;
    config->log.level = "warn";
    auto server = LakehouseServer::Create(*config, &clock_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    auto client = HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()));
    ASSERT_TRUE(client.ok());
    client_ = std::move(*client);
  }
  void TearDown() override {
    client_.reset();
    if (server_) server_->Stop(2s);
  }

  // The segment files of one log, oldest first (their names hold the first record's time).
  std::vector<std::string> Segments(const std::string& log) const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_.Join("data/" + log))) {
      if (entry.path().extension() == ".jsonl") names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  // POST /journal/event: a write, so its audit record and its journal event are both on disk
  // when it answers (no background flush to wait for). About 1 KB of journal and 200 bytes of
  // audit each.
  void PostEvent() {
    auto r = client_->Send(HttpMethod::kPost, "/journal/event",
                           DumpJson(Json{{"type", "note"},
                                         {"subject", {{"dataset", "people"}, {"key", "1"}}},
                                         {"payload", {{"text", std::string(1000, 'x')}}}}),
                           "application/json");
    ASSERT_TRUE(r.ok() && r->status == 201) << (r.ok() ? r->body : r.status().ToString());
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<LakehouseServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(LogRotationTest, SegmentsRotateAtTheConfiguredSizeAndAgeAndExpireAfterRetention) {
  for (const char* log : {"audit", "journal"}) ASSERT_EQ(Segments(log).size(), 1u) << log;
  PostEvent();
  for (const char* log : {"audit", "journal"}) EXPECT_EQ(Segments(log).size(), 1u) << log;

  // Age: past 60 s the next write opens a new segment although the open one is small.
  clock_.Advance(61 * kSecond);
  PostEvent();
  for (const char* log : {"audit", "journal"}) EXPECT_EQ(Segments(log).size(), 2u) << log;

  // Size: 40 writes are ~40 KB of journal and ~8 KB of audit; no closed segment passes 4 KB by
  // more than the line that filled it.
  for (int i = 0; i < 40; ++i) PostEvent();
  for (const char* log : {"audit", "journal"}) {
    const std::vector<std::string> names = Segments(log);
    EXPECT_GE(names.size(), log == std::string("audit") ? 3u : 10u) << log;
    for (size_t i = 0; i + 1 < names.size(); ++i) {
      EXPECT_LE(fs::file_size(dir_.Join("data/" + std::string(log) + "/" + names[i])),
                4096u + 2048u)
          << log << "/" << names[i];
    }
  }
  const std::vector<std::string> audit_before = Segments("audit");
  const std::vector<std::string> journal_before = Segments("journal");

  // Retention: two days on, the next write rotates (age) and every segment closed more than a
  // day ago is deleted; the one closed just now and the new one remain.
  clock_.Advance(2 * kDay);
  PostEvent();
  for (const auto& [log, before] :
       {std::pair{"audit", audit_before}, std::pair{"journal", journal_before}}) {
    const std::vector<std::string> after = Segments(log);
    ASSERT_EQ(after.size(), 2u) << log;
    EXPECT_EQ(after[0], before.back()) << log;
    EXPECT_EQ(std::find(before.begin(), before.end(), after[1]), before.end()) << log;
  }
  // The journal still answers from what is left.
  auto recent = client_->Send(HttpMethod::kGet, "/journal/recent?limit=1000", "", "");
  ASSERT_TRUE(recent.ok() && recent->status == 200);
  Result<Json> events = ParseJson(recent->body);
  ASSERT_TRUE(events.ok());
  EXPECT_GE((*events)["events"].size(), 1u);
  EXPECT_LT((*events)["events"].size(), 42u);
}

}  // namespace
}  // namespace lakehouse
