#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/json.h"
#include "sql/row_set.h"
#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::TempDir;

std::vector<Json> Lines(const SegmentLog& log) {
  std::vector<Json> out;
  for (const std::string& f : log.Segments()) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line)) out.push_back(Json::parse(line));
  }
  return out;
}

AuditRecord Sample(std::string id) {
  AuditRecord r;
  r.request_id = std::move(id);
  r.time_us = 42;
  r.principal = "alice";
  r.operation = "runSql";
  r.method = "POST";
  r.path = "/query/sql";
  r.status = 200;
  r.duration_ms = 1.5;
  r.AddDataset("people");
  r.AddDataset("people");
  r.sql = "SELECT \"x\"\n FROM people";
  r.row_count = 3;
  return r;
}

TEST(AuditRecordTest, OneJsonLineWithEveryField) {
  AuditRecord r = Sample("r1");
  r.index_name = "docs_idx";
  r.doc_ids = {"7", "9"};
  r.subjects = {{"people", "7"}};
  const std::string line = r.ToJsonLine();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  Json j = Json::parse(line);
  EXPECT_EQ(j["request_id"], "r1");
  EXPECT_EQ(j["time"], 42);
  EXPECT_EQ(j["principal"], "alice");
  EXPECT_EQ(j["operation"], "runSql");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["datasets"], Json::array({"people"}));
  EXPECT_EQ(j["sql"], "SELECT \"x\"\n FROM people");
  EXPECT_EQ(j["row_count"], 3);
  EXPECT_EQ(j["index_name"], "docs_idx");
  EXPECT_EQ(j["doc_ids"], Json::array({"7", "9"}));
  EXPECT_EQ(j["subjects"][0]["key"], "7");
  AuditRecord bare;
  Json b = Json::parse(bare.ToJsonLine());
  EXPECT_TRUE(b["sql"].is_null());
  EXPECT_TRUE(b["row_count"].is_null());
  EXPECT_TRUE(b["index_name"].is_null());
}

TEST(AuditLogTest, DurableRecordsAreOnDiskWhenRecordReturns) {
  TempDir dir;
  ManualClock clock;
  AuditLogOptions options;
  options.segments = {dir.File("audit"), "requests"};
  options.flush_interval_ms = 60'000;  // the flusher never runs during the test
  LH_ASSERT_OK_AND_ASSIGN(auto log, AuditLog::Open(options, &clock, {}));
  log->Record(Sample("w1"), /*durable=*/true);
  std::vector<Json> lines = Lines(log->segments());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["request_id"], "w1");
}

TEST(AuditLogTest, ReadsAreQueuedUntilFlushedAndAFullQueueFlushesOnTheCaller) {
  TempDir dir;
  ManualClock clock;
  AuditLogOptions options;
  options.segments = {dir.File("audit"), "requests"};
  options.flush_interval_ms = 60'000;
  options.queue_capacity = 100;  // the flusher wakes at 50
  LH_ASSERT_OK_AND_ASSIGN(auto log, AuditLog::Open(options, &clock, {}));
  log->Record(Sample("r1"), false);
  log->Record(Sample("r2"), false);
  EXPECT_EQ(Lines(log->segments()).size(), 0u);
  EXPECT_EQ(log->stats().queued, 2);
  LH_ASSERT_OK(log->Flush());
  std::vector<Json> lines = Lines(log->segments());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["request_id"], "r1");
  EXPECT_EQ(lines[1]["request_id"], "r2");

  options.queue_capacity = 3;
  options.segments.dir = dir.File("audit2");
  LH_ASSERT_OK_AND_ASSIGN(auto small, AuditLog::Open(options, &clock, {}));
  for (int i = 0; i < 3; ++i) small->Record(Sample("q" + std::to_string(i)), false);
  // Whatever the flusher did meanwhile, the third record found the queue full or the flusher
  // took it: all three are on disk, none lost.
  for (int i = 0; i < 200 && Lines(small->segments()).size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(Lines(small->segments()).size(), 3u);
  EXPECT_EQ(small->stats().recorded, 3);
}

TEST(AuditLogTest, FlusherWritesQueuedRecordsInTheBackground) {
  TempDir dir;
  ManualClock clock;
  AuditLogOptions options;
  options.segments = {dir.File("audit"), "requests"};
  options.flush_interval_ms = 10;
  LH_ASSERT_OK_AND_ASSIGN(auto log, AuditLog::Open(options, &clock, {}));
  log->Record(Sample("bg"), false);
  for (int i = 0; i < 400 && Lines(log->segments()).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(Lines(log->segments()).size(), 1u);
  EXPECT_EQ(log->stats().queued, 0);
}

TEST(AuditLogTest, ShutdownWritesWhatIsQueued) {
  TempDir dir;
  ManualClock clock;
  AuditLogOptions options;
  options.segments = {dir.File("audit"), "requests"};
  options.flush_interval_ms = 60'000;
  {
    LH_ASSERT_OK_AND_ASSIGN(auto log, AuditLog::Open(options, &clock, {}));
    log->Record(Sample("last"), false);
  }
  LH_ASSERT_OK_AND_ASSIGN(auto reopened, AuditLog::Open(options, &clock, {}));
  std::vector<Json> lines = Lines(reopened->segments());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["request_id"], "last");
}

TEST(AuditLogTest, SqlResultsOfKeyedDatasetsRecordTheirKeysUpToTheLimit) {
  TempDir dir;
  ManualClock clock;
  AuditLogOptions options;
  options.segments = {dir.File("audit"), "requests"};
  options.subject_keys_max_rows = 2;
  auto keys = [](const std::string& dataset) -> std::optional<std::string> {
    if (dataset == "people") return std::string("ID");
    return std::nullopt;
  };
  LH_ASSERT_OK_AND_ASSIGN(auto log, AuditLog::Open(options, &clock, {keys, nullptr}));
  auto rows = std::make_shared<RowSet>();
  rows->columns = {{"id", "BIGINT"}, {"name", "VARCHAR"}};
  rows->rows = {{SqlValue::FromJson(7), SqlValue::FromJson("ann")},
                {SqlValue::FromJson("k-9"), SqlValue::FromJson("bob")}};
  AuditRecord small = Sample("small");
  small.AddDataset("notes");  // no key: nothing recorded for it
  small.result_rows = rows;
  log->Record(std::move(small), false);
  auto big_rows = std::make_shared<RowSet>(*rows);
  big_rows->rows.push_back({SqlValue::FromJson(8), SqlValue::FromJson("cy")});
  AuditRecord big = Sample("big");
  big.result_rows = big_rows;
  log->Record(std::move(big), false);
  LH_ASSERT_OK(log->Flush());
  std::vector<Json> lines = Lines(log->segments());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["subjects"], Json::parse(R"([{"dataset":"people","key":"7"},
                                                  {"dataset":"people","key":"k-9"}])"));
  EXPECT_EQ(lines[1]["subjects"], Json::array());  // 3 rows > subject_keys_max_rows
}

TEST(AuditLogTest, DisabledLogWritesNothing) {
  TempDir dir;
  ManualClock clock;
  AuditLogOptions options;
  options.enabled = false;
  options.segments = {dir.File("audit"), "requests"};
  LH_ASSERT_OK_AND_ASSIGN(auto log, AuditLog::Open(options, &clock, {}));
  log->Record(Sample("w"), true);
  log->Record(Sample("r"), false);
  LH_ASSERT_OK(log->Flush());
  EXPECT_TRUE(Lines(log->segments()).empty());
}

}  // namespace
}  // namespace lakehouse
