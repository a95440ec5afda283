// The scheduled refresh policy end to end, in process: the whole server runs on an injected
// ManualClock, so the test moves time to the cron's instants and watches refreshes fire (and
// not fire when the index is fresh), through the HTTP API.
#include <gtest/gtest.h>

#include <thread>

#include "common/clock.h"
#include "config/config.h"
#include "http/http_client.h"
#include "server/lakehouse_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kNewYear2026 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z in micros
constexpr int64_t kSecond = 1'000'000;

class ScheduledRefreshTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(kNewYear2026 + 10 * kSecond);
    Config config;
    config.data_dir = dir_.path();
    config.server.port = 0;
    config.log.level = "warn";
    auto server = LakehouseServer::Create(config, &clock_);
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

  Json Get(const std::string& path) {
    auto r = client_->Get(path);
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return r.ok() ? r->JsonBody().value_or(Json()) : Json();
  }
  void Ingest(int begin, int end) {
    std::string ndjson;
    for (int i = begin; i < end; ++i) {
      ndjson += DumpJson(Json{{"id", i}, {"body", "scheduled note " + std::to_string(i)}}) + "\n";
    }
    std::vector<MultipartItem> items = {{"dataset", "notes", "", "", ""},
                                        {"file", ndjson, "rows.ndjson", "", ""}};
    if (begin == 0) items.push_back({"key", "id", "", "", ""});
    auto r = client_->PostMultipart("/ingest/file", items);
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  }
  bool Stale() { return !Get("/vectors/stale")["stale"].empty(); }
  int64_t RefreshJobs() {
    return static_cast<int64_t>(Get("/jobs?kind=vector_refresh&limit=1000")["jobs"].size());
  }
  std::string NextRun() {
    Json next = Get("/vectors/indexes/notes_idx/freshness")["next_scheduled_run"];
    return next.is_string() ? next.get<std::string>() : "null";
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<LakehouseServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(ScheduledRefreshTest, FiresAtTheCronTimesOfTheInjectedClock) {
  Ingest(0, 10);
  auto created =
      client_->PostJson("/vectors/index?wait=true",
                        {{"index_name", "notes_idx"},
                         {"dataset", "notes"},
                         {"id_column", "id"},
                         {"text_column", "body"},
                         {"refresh_policy", {{"mode", "scheduled"}, {"cron", "*/5 * * * *"}}}});
  ASSERT_TRUE(created.ok() && created->status == 200) << created->body;
  EXPECT_EQ(NextRun(), "2026-01-01T00:05:00.000Z");

  Ingest(10, 15);
  ASSERT_TRUE(Stale());
  const int64_t jobs_before = RefreshJobs();

  // Just before the cron time: nothing fires. TickSchedule() runs the cron check now, on this
  // thread, instead of sleeping through the background thread's polls.
  clock_.Set(kNewYear2026 + 299 * kSecond);
  server_->vectors()->TickSchedule();
  EXPECT_TRUE(Stale());
  EXPECT_EQ(RefreshJobs(), jobs_before);

  // At 00:05 the refresh runs and clears the staleness.
  clock_.Set(kNewYear2026 + 300 * kSecond);
  server_->vectors()->TickSchedule();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (Stale() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(Stale());
  EXPECT_EQ(RefreshJobs(), jobs_before + 1);
  EXPECT_EQ(Get("/vectors/indexes/notes_idx")["doc_count"], 15);
  EXPECT_EQ(NextRun(), "2026-01-01T00:10:00.000Z");

  // At 00:10 the index is fresh: the run is skipped, no job is queued.
  clock_.Set(kNewYear2026 + 600 * kSecond);
  server_->vectors()->TickSchedule();
  EXPECT_EQ(RefreshJobs(), jobs_before + 1);
  EXPECT_EQ(NextRun(), "2026-01-01T00:15:00.000Z");

  // A policy change moves the schedule; manual removes it.
  auto patched = client_->Send(
      HttpMethod::kPatch, "/vectors/indexes/notes_idx",
      DumpJson(Json{{"refresh_policy", {{"mode", "scheduled"}, {"cron", "0 3 * * *"}}}}));
  ASSERT_TRUE(patched.ok() && patched->status == 200) << patched->body;
  EXPECT_EQ(NextRun(), "2026-01-01T03:00:00.000Z");
  patched = client_->Send(HttpMethod::kPatch, "/vectors/indexes/notes_idx",
                          DumpJson(Json{{"refresh_policy", "manual"}}));
  ASSERT_TRUE(patched.ok() && patched->status == 200) << patched->body;
  EXPECT_EQ(NextRun(), "null");
}

}  // namespace
}  // namespace lakehouse
