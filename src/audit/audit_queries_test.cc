// Service level: the audit log and the journal written to real segment files and read back
// through the audit.requests / journal.events views of a real DuckDB.
#include "audit/audit_queries.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "audit/audit_views.h"
#include "audit/journal.h"
#include "sql/connection_pool.h"
#include "sql/query_watchdog.h"
#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::TempDir;

class AuditQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(std::move(Database::Open(options_).value()));
    pool_ = std::move(ConnectionPool::Create(*db_, 2).value());
    queries_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, options_);
    std::filesystem::create_directories(dir_.File("exports"));
    queries_->SetExportDirectory(dir_.File("exports"));
    AuditLogOptions audit_options;
    audit_options.segments = {dir_.File("audit"), "requests"};
    audit_options.flush_interval_ms = 60'000;
    audit_ = std::move(AuditLog::Open(audit_options, &clock_, {}).value());
    JournalOptions journal_options;
    journal_options.segments = {dir_.File("journal"), "events"};
    journal_ = std::move(Journal::Open(journal_options, &clock_).value());
    ASSERT_TRUE(
        CreateAuditViews(*db_, audit_->segments().Glob(), journal_->segments().Glob()).ok());
    reads_ = std::make_unique<AuditQueries>(queries_.get(), audit_.get());
  }

  void Request(std::string id, std::string principal, std::vector<std::string> datasets, bool write,
               std::vector<AuditSubject> subjects = {}) {
    AuditRecord r;
    r.request_id = std::move(id);
    r.time_us = clock_.NowMicros();
    r.principal = std::move(principal);
    r.operation = write ? "ingestFile" : "runSql";
    r.method = write ? "POST" : "POST";
    r.path = "/x";
    r.status = 200;
    for (std::string& d : datasets) r.AddDataset(std::move(d));
    r.subjects = std::move(subjects);
    audit_->Record(std::move(r), write);
    clock_.Advance(1000);
  }

  static std::vector<std::string> Column(const RowSet& rows, const std::string& name) {
    std::vector<std::string> out;
    size_t c = *rows.ColumnIndex(name);
    for (const auto& row : rows.rows) out.push_back(row[c].ToJson().dump());
    return out;
  }

  TempDir dir_;
  ManualClock clock_;
  DuckDbOptions options_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ConnectionPool> pool_;
  QueryWatchdog watchdog_;
  std::unique_ptr<QueryService> queries_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<AuditQueries> reads_;
};

TEST_F(AuditQueriesTest, EmptyLogsReadAsNoRows) {
  LH_ASSERT_OK_AND_ASSIGN(auto rows, reads_->Requests({}));
  EXPECT_EQ(rows->rows.size(), 0u);
  LH_ASSERT_OK_AND_ASSIGN(auto events, reads_->Recent(10));
  EXPECT_EQ(events->rows.size(), 0u);
}

TEST_F(AuditQueriesTest, FiltersByPrincipalDatasetAndSinceNewestFirst) {
  const int64_t start = clock_.NowMicros();
  Request("a1", "alice", {"People"}, true);
  Request("b1", "bob", {"people"}, false);
  Request("a2", "alice", {"notes"}, false);  // queued, flushed by the read
  LH_ASSERT_OK_AND_ASSIGN(auto all, reads_->Requests({}));
  EXPECT_EQ(Column(*all, "request_id"), (std::vector<std::string>{"\"a2\"", "\"b1\"", "\"a1\""}));
  LH_ASSERT_OK_AND_ASSIGN(auto alice, reads_->Requests({.principal = "alice"}));
  EXPECT_EQ(Column(*alice, "request_id"), (std::vector<std::string>{"\"a2\"", "\"a1\""}));
  LH_ASSERT_OK_AND_ASSIGN(auto people, reads_->Requests({.dataset = "PEOPLE"}));
  EXPECT_EQ(Column(*people, "request_id"), (std::vector<std::string>{"\"b1\"", "\"a1\""}));
  LH_ASSERT_OK_AND_ASSIGN(auto since, reads_->Requests({.since_us = start + 1000}));
  EXPECT_EQ(Column(*since, "request_id"), (std::vector<std::string>{"\"a2\"", "\"b1\""}));
  LH_ASSERT_OK_AND_ASSIGN(auto one, reads_->Requests({.limit = 1}));
  EXPECT_EQ(one->rows.size(), 1u);
  // A principal name with a quote stays a literal.
  LH_ASSERT_OK_AND_ASSIGN(auto none, reads_->Requests({.principal = "x' OR '1'='1"}));
  EXPECT_EQ(none->rows.size(), 0u);
}

TEST_F(AuditQueriesTest, ExportsParquet) {
  Request("p1", "alice", {"people"}, true);
  LH_ASSERT_OK_AND_ASSIGN(ExportedFile file, reads_->ExportRequests({}));
  std::string bytes;
  LH_ASSERT_OK(file.ReadChunks([&](std::string_view chunk) {
    bytes.append(chunk);
    return true;
  }));
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 4), "PAR1");
}

TEST_F(AuditQueriesTest, JournalHistoryRecentAndStats) {
  JournalEvent insert{.type = "insert", .dataset = "people", .key = "7"};
  insert.changes = {{"name", "null", R"("ann")"}};  // old and new as JSON text
  insert.actor = "alice";
  insert.source = "api";
  insert.version = 2;
  LH_ASSERT_OK(journal_->Record({insert}));
  clock_.Advance(1000);
  JournalEvent update{.type = "update", .dataset = "people", .key = "7"};
  update.changes = {{"name", R"("ann")", R"("anne")"}};
  update.version = 3;
  JournalEvent other{.type = "insert", .dataset = "people", .key = "8"};
  LH_ASSERT_OK(journal_->Record({update, other}));
  LH_ASSERT_OK_AND_ASSIGN(auto history, reads_->History("PEOPLE", "7", 100));
  ASSERT_EQ(history->rows.size(), 2u);
  EXPECT_EQ(Column(*history, "type"), (std::vector<std::string>{"\"insert\"", "\"update\""}));
  const Json changes = history->rows[1][*history->ColumnIndex("changes")].ToJson();
  EXPECT_EQ(changes, Json::parse(R"([{"field":"name","old":"\"ann\"","new":"\"anne\""}])"));
  LH_ASSERT_OK_AND_ASSIGN(auto recent, reads_->Recent(2));
  EXPECT_EQ(recent->rows.size(), 2u);
  LH_ASSERT_OK_AND_ASSIGN(auto stats, reads_->Stats());
  ASSERT_EQ(stats->rows.size(), 2u);  // people/insert ×2, people/update ×1
  EXPECT_EQ(Column(*stats, "events"), (std::vector<std::string>{"2", "1"}));
}

TEST_F(AuditQueriesTest, SubjectReadsFindTheRequestsThatReturnedTheSubject) {
  Request("s1", "alice", {"people"}, false, {{"people", "7"}, {"people", "8"}});
  Request("s2", "bob", {"people"}, false, {{"people", "8"}});
  Request("s3", "bob", {"people"}, false);
  LH_ASSERT_OK_AND_ASSIGN(auto reads, reads_->SubjectReads("People", "8", 100));
  EXPECT_EQ(Column(*reads, "request_id"), (std::vector<std::string>{"\"s1\"", "\"s2\""}));
  LH_ASSERT_OK_AND_ASSIGN(auto none, reads_->SubjectReads("people", "9", 100));
  EXPECT_EQ(none->rows.size(), 0u);
}

TEST_F(AuditQueriesTest, DisabledJournalRecordsNothing) {
  JournalOptions off;
  off.enabled = false;
  off.segments = {dir_.File("journal-off"), "events"};
  LH_ASSERT_OK_AND_ASSIGN(auto journal, Journal::Open(off, &clock_));
  EXPECT_FALSE(journal->enabled());
  LH_ASSERT_OK(journal->Record({JournalEvent{.type = "insert", .dataset = "d", .key = "1"}}));
  EXPECT_EQ(journal->segments().Stats().lines_appended, 0);
}

}  // namespace
}  // namespace lakehouse
