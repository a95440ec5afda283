// Scheduled ingest end to end: the real binary and a real PostgreSQL. A db_pull schedule pulls
// incrementally on run-now and on its interval, keeps its runs visible, refuses a DSN with a
// password, survives a restart, and the CLI drives it; the event journal names the job behind
// each pulled or watched change.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/pg_ingest_fixture.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::PgIngestTest;
using testing::RunCli;

class ScheduleE2E : public PgIngestTest {
 protected:
  void SetUp() override {
    PgIngestTest::SetUp();
    ASSERT_TRUE(pg_->Execute(R"(
      DROP TABLE IF EXISTS sched_orders;
      CREATE TABLE sched_orders (id integer PRIMARY KEY, item text);
      INSERT INTO sched_orders VALUES (1, 'hinge'), (2, 'bracket');
    )")
                    .ok());
  }

  // Watch schedules may read folders under scratch_/watch.
  testing::ServerProcessOptions ServerOptions() override {
    testing::ServerProcessOptions options = PgIngestTest::ServerOptions();
    options.env["LAKEHOUSE_SCHEDULES_WATCH_ROOTS"] = WatchRoot();
    return options;
  }
  std::string WatchRoot() { return scratch_.Join("watch"); }

  // Starts `path` (POST, no wait) and waits for the job it started; returns the job's id.
  std::string RunJob(const Result<ClientResponse>& started) {
    EXPECT_TRUE(started.ok() && started->status == 202) << (started.ok() ? started->body : "");
    if (!started.ok() || started->status != 202) return "";
    const std::string id = Body(started)["job_id"].get<std::string>();
    Json job = WaitForJob(id);
    EXPECT_EQ(job["state"], "succeeded") << job.dump();
    return id;
  }

  Json Create(const std::string& name, int64_t interval_s, bool enabled = true) {
    auto r = c().PostJson("/schedules", {{"name", name},
                                         {"kind", "db_pull"},
                                         {"db_pull",
                                          {{"dsn", NoPasswordDsn()},
                                           {"table", "public.sched_orders"},
                                           {"mode", "append"},
                                           {"incremental_column", "id"}}},
                                         {"interval_s", interval_s},
                                         {"enabled", enabled}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r);
  }
};

TEST_F(ScheduleE2E, DbPullRunsNowIncrementallyAndShowsItsRuns) {
  Json created = Create("orders_pull", 3600);
  EXPECT_EQ(created["kind"], "db_pull");
  EXPECT_TRUE(created["next_run"].is_string());
  EXPECT_EQ(created["failures"], 0);
  ExpectNoPassword(created.dump());

  auto first = c().PostJson("/schedules/orders_pull/run-now?wait=true", Json::object());
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(Body(first)["rows_read"], 2);
  EXPECT_EQ(Body(first)["schedule"], "orders_pull");

  ASSERT_TRUE(pg_->Execute("INSERT INTO sched_orders VALUES (3, 'shelf')").ok());
  auto second = c().PostJson("/schedules/orders_pull/run-now?wait=true", Json::object());
  ASSERT_EQ(second->status, 200) << second->body;
  EXPECT_EQ(Body(second)["rows_read"], 1);  // only the row above the high-water mark
  EXPECT_EQ(Rows("SELECT id, item FROM sched_orders ORDER BY id"),
            Json::parse(R"([[1,"hinge"],[2,"bracket"],[3,"shelf"]])"));

  Json shown = Body(c().Get("/schedules/orders_pull"));
  ASSERT_EQ(shown["last_runs"].size(), 2u);
  EXPECT_EQ(shown["last_runs"][0]["state"], "succeeded");
  EXPECT_EQ(shown["last_runs"][0]["result"]["rows_read"], 1);
  EXPECT_TRUE(shown["active_job_id"].is_null());
  EXPECT_EQ(Body(c().Get("/schedules"))["schedules"].size(), 1u);
}

TEST_F(ScheduleE2E, AnIntervalScheduleFiresOnItsOwn) {
  Create("every_second", 1);
  Json job;
  for (int i = 0; i < 300 && !job.is_object(); ++i) {
    Json runs = Body(c().Get("/jobs?kind=scheduled_ingest&target=every_second"))["jobs"];
    if (!runs.empty()) job = runs.back();
    if (!job.is_object()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(job.is_object()) << "no run within 15 s";
  Json finished = WaitForJob(job["job_id"].get<std::string>());
  EXPECT_EQ(finished["state"], "succeeded") << finished.dump();
  EXPECT_EQ(finished["params"]["trigger"], "schedule");
  // Disabled: no further firings; run-now still runs it.
  auto patched = c().Send(HttpMethod::kPatch, "/schedules/every_second", R"({"enabled":false})");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_TRUE(Body(patched)["next_run"].is_null());
  // A run fired just before the patch may still be finishing; run-now would be a 409 until then.
  for (int i = 0; i < 300 && !Body(c().Get("/schedules/every_second"))["active_job_id"].is_null();
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto run = c().PostJson("/schedules/every_second/run-now?wait=true", Json::object());
  EXPECT_EQ(run->status, 200) << run->body;
}

// The journal's source of an entity change (issue 20: "source (ingest job, db pull, API)"): a
// scheduled pull's and a direct pull's events carry "db_pull:<job id>", a watch run's
// "ingest:<job id>", an upload's "api".
TEST_F(ScheduleE2E, JournalEventsNameTheJobThatCommittedThem) {
  auto created = c().PostJson("/schedules", {{"name", "orders_upsert"},
                                             {"kind", "db_pull"},
                                             {"db_pull",
                                              {{"dsn", NoPasswordDsn()},
                                               {"table", "public.sched_orders"},
                                               {"dataset", "pulled_orders"},
                                               {"mode", "upsert"},
                                               {"key", "id"}}},
                                             {"interval_s", 3600}});
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string scheduled_pull =
      RunJob(c().PostJson("/schedules/orders_upsert/run-now", Json::object()));
  const std::string direct_pull = RunJob(Pull(
      {{"table", "sched_orders"}, {"dataset", "direct_orders"}, {"mode", "upsert"}, {"key", "id"}},
      /*wait=*/false));
  std::filesystem::create_directories(WatchRoot() + "/drop");
  std::ofstream(WatchRoot() + "/drop/people.csv") << "id,name\n1,ann\n2,bob\n";
  auto watch = c().PostJson("/schedules", {{"name", "drops"},
                                           {"kind", "watch"},
                                           {"watch",
                                            {{"folder", WatchRoot() + "/drop"},
                                             {"dataset", "dropped"},
                                             {"mode", "upsert"},
                                             {"key", "id"},
                                             {"format", "csv"}}},
                                           {"interval_s", 3600}});
  ASSERT_EQ(watch->status, 201) << watch->body;
  const std::string watched = RunJob(c().PostJson("/schedules/drops/run-now", Json::object()));
  auto uploaded = c().PostMultipart("/ingest/file", {{"dataset", "uploaded", "", "", ""},
                                                     {"mode", "upsert", "", "", ""},
                                                     {"key", "id", "", "", ""},
                                                     {"file", "id,v\n1,x\n", "u.csv", "", ""}});
  ASSERT_EQ(uploaded->status, 200) << uploaded->body;

  const std::map<std::string, std::string> expected = {
      {"pulled_orders", "db_pull:" + scheduled_pull},
      {"direct_orders", "db_pull:" + direct_pull},
      {"dropped", "ingest:" + watched},
      {"uploaded", "api"}};
  std::map<std::string, std::set<std::string>> sources;   // dataset → sources of its events
  std::map<std::string, std::set<std::string>> inserted;  // dataset → keys inserted
  const Json recent = Body(c().Get("/journal/recent?limit=1000"));
  ASSERT_TRUE(recent.contains("events")) << recent.dump();
  for (const Json& event : recent["events"]) {
    const std::string dataset = event["dataset"].get<std::string>();
    sources[dataset].insert(event["source"].get<std::string>());
    if (event["type"] == "insert") inserted[dataset].insert(event["key"].get<std::string>());
  }
  for (const auto& [dataset, source] : expected) {
    EXPECT_EQ(sources[dataset], std::set<std::string>{source}) << dataset << " " << recent.dump();
  }
  EXPECT_EQ(inserted["pulled_orders"], (std::set<std::string>{"1", "2"}));
  EXPECT_EQ(inserted["direct_orders"], (std::set<std::string>{"1", "2"}));
  EXPECT_EQ(inserted["dropped"], (std::set<std::string>{"1", "2"}));
}

TEST_F(ScheduleE2E, BadDefinitionsAre4xxAndChangeNothing) {
  auto with_password =
      c().PostJson("/schedules", {{"name", "secret"},
                                  {"kind", "db_pull"},
                                  {"db_pull", {{"dsn", pg_->Dsn()}, {"table", "sched_orders"}}},
                                  {"interval_s", 60}});
  EXPECT_EQ(with_password->status, 400) << with_password->body;
  EXPECT_NE(with_password->body.find("password"), std::string::npos);
  ExpectNoPassword(with_password->body);
  auto no_timing = c().PostJson(
      "/schedules", {{"name", "untimed"},
                     {"kind", "db_pull"},
                     {"db_pull", {{"dsn", NoPasswordDsn()}, {"table", "sched_orders"}}}});
  EXPECT_EQ(no_timing->status, 400) << no_timing->body;
  auto folder = c().PostJson("/schedules", {{"name", "etc"},
                                            {"kind", "watch"},
                                            {"watch", {{"folder", "/etc"}, {"dataset", "etc"}}},
                                            {"interval_s", 60}});
  EXPECT_EQ(folder->status, 403) << folder->body;
  auto unknown = c().PostJson("/schedules", {{"name", "x"}, {"kind", "cron_job"}});
  EXPECT_EQ(unknown->status, 400) << unknown->body;
  EXPECT_EQ(Body(c().Get("/schedules"))["schedules"].size(), 0u);
  EXPECT_EQ(c().Get("/schedules/nope")->status, 404);
  EXPECT_EQ(c().PostJson("/schedules/nope/run-now", Json::object())->status, 404);
  Create("dup", 60);
  auto dup = c().PostJson("/schedules",
                          {{"name", "DUP"},
                           {"kind", "db_pull"},
                           {"db_pull", {{"dsn", NoPasswordDsn()}, {"table", "sched_orders"}}},
                           {"interval_s", 60}});
  EXPECT_EQ(dup->status, 409) << dup->body;
}

TEST_F(ScheduleE2E, SchedulesSurviveARestart) {
  Create("kept", 3600, /*enabled=*/false);
  ASSERT_EQ(c().PostJson("/schedules/kept/run-now?wait=true", Json::object())->status, 200);
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  Json shown = Body(c().Get("/schedules/kept"));
  EXPECT_EQ(shown["enabled"], false);
  EXPECT_EQ(shown["last_runs"].size(), 1u);
  ASSERT_TRUE(pg_->Execute("INSERT INTO sched_orders VALUES (4, 'bolt')").ok());
  auto run = c().PostJson("/schedules/kept/run-now?wait=true", Json::object());
  ASSERT_EQ(run->status, 200) << run->body;
  EXPECT_EQ(Body(run)["rows_read"], 1);  // the high-water mark survived too
}

TEST_F(ScheduleE2E, CliCreatesListsRunsAndDeletes) {
  const std::string server = " --server " + server_->base_url();
  auto [code, out] =
      RunCli("schedules create cli_pull --db " + NoPasswordDsn() +
             " --table public.sched_orders --incremental-column id --every 3600" + server);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("schedule 'cli_pull' created"), std::string::npos) << out;
  auto [list_code, list] = RunCli("schedules list" + server);
  EXPECT_EQ(list_code, 0) << list;
  EXPECT_NE(list.find("cli_pull"), std::string::npos) << list;
  auto [run_code, run] = RunCli("schedules run-now cli_pull --wait --json" + server);
  ASSERT_EQ(run_code, 0) << run;
  EXPECT_EQ(Json::parse(run)["rows_read"], 2);
  auto [show_code, show] = RunCli("schedules show cli_pull" + server);
  EXPECT_EQ(show_code, 0) << show;
  EXPECT_NE(show.find("succeeded"), std::string::npos) << show;
  auto [bad_code, bad] = RunCli("schedules show missing" + server);
  EXPECT_EQ(bad_code, 1) << bad;
  auto [delete_code, deleted] = RunCli("schedules delete cli_pull" + server);
  EXPECT_EQ(delete_code, 0) << deleted;
  EXPECT_EQ(c().Get("/schedules/cli_pull")->status, 404);
}

}  // namespace
}  // namespace lakehouse
