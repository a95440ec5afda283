// In-process integration tests of DbIngestService (issue #17 item 9) against a real PostgreSQL
// (tests/support/postgres_server.h) and the in-process ingest stack of ingest_service_fixture.h
// (real metastore, in-memory DuckDB, a fault-injecting primary bucket): full and incremental
// pulls, a storage fault or crash while publishing commits nothing and keeps the high-water mark
// where it was, a cancelled pull commits nothing, and the retry picks up exactly the rows missed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "ingest/db_ingest_service.h"
#include "ingest/ingest_service_fixture.h"
#include "telemetry/span.h"
#include "tests/support/postgres_server.h"

namespace lakehouse {
namespace {

using testing::PostgresServer;
using Rows = std::vector<std::string>;

constexpr char kSelect[] = "SELECT id, v, ts FROM src ORDER BY id";

class DbIngestServiceTest : public testing::IngestServiceTest {
 protected:
  static void SetUpTestSuite() {
    auto pg = PostgresServer::Start();
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    pg_ = std::move(*pg).release();
  }
  static void TearDownTestSuite() {
    delete pg_;
    pg_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(pg_, nullptr);
    IngestServiceTest::SetUp();
    LH_ASSERT_OK(
        pg_->Execute("DROP TABLE IF EXISTS src; "
                     "CREATE TABLE src (id int PRIMARY KEY, v text, ts int NOT NULL); "
                     "INSERT INTO src SELECT g, 'v' || g, g * 10 FROM generate_series(1, 5) g;"));
    staging_dir_ = dir_.Sub("staging");
    DbIngestOptions options;
    options.stage.staging.staging_dir = staging_dir_;
    db_ingest_ =
        std::make_unique<DbIngestService>(ingest_.get(), catalog_.get(), pool_.get(), options);
  }

  void TearDown() override {
    db_ingest_.reset();
    IngestServiceTest::TearDown();
  }

  // An upsert-by-id pull of `src`, incremental on `ts` when `incremental`.
  DbIngestRequest Pull(bool incremental) {
    DbIngestRequest request;
    request.dsn = pg_->Dsn();
    request.table = "src";
    request.mode = incremental ? IngestMode::kUpsert : IngestMode::kReplace;
    request.key = "id";
    if (incremental) request.incremental_column = "ts";
    return request;
  }

  Rows Current() {
    Result<Rows> rows = QueryRows(kSelect);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.value_or(Rows{});
  }

  int64_t StagedFiles() const {
    std::error_code ec;
    int64_t n = 0;
    for (auto it = std::filesystem::directory_iterator(staging_dir_, ec);
         it != std::filesystem::directory_iterator(); ++it) {
      ++n;
    }
    return n;
  }

  // The first incremental pull (rows 1-5, mark 50), then new and raised rows in the source.
  void FirstPullThenChanges() {
    LH_ASSERT_OK_AND_ASSIGN(DbIngestResult first, db_ingest_->Ingest(Pull(true)));
    ASSERT_EQ(first.high_water_mark, "50");
    committed_ = Versions("src");
    LH_ASSERT_OK(
        pg_->Execute("INSERT INTO src VALUES (6, 'v6', 60); "
                     "UPDATE src SET v = 'v2-new', ts = 70 WHERE id = 2; "
                     "UPDATE src SET v = 'v3-silent' WHERE id = 3;"));
  }

  static inline PostgresServer* pg_ = nullptr;
  std::string staging_dir_;
  std::unique_ptr<DbIngestService> db_ingest_;
  int64_t committed_ = 0;
};

const Rows kFirst = {"1\tv1\t10", "2\tv2\t20", "3\tv3\t30", "4\tv4\t40", "5\tv5\t50"};
// After the changes: row 2 raised its mark, row 6 is new; row 3 changed without raising it and
// is not seen (the high-water-mark caveat).
const Rows kSecond = {"1\tv1\t10", "2\tv2-new\t70", "3\tv3\t30",
                      "4\tv4\t40", "5\tv5\t50",     "6\tv6\t60"};

TEST_F(DbIngestServiceTest, FullPullReplacesTheDataset) {
  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult first, db_ingest_->Ingest(Pull(false)));
  EXPECT_EQ(first.rows_read, 5);
  EXPECT_TRUE(first.commit.committed);
  EXPECT_EQ(first.source.find(pg_->password()), std::string::npos) << first.source;
  EXPECT_EQ(Current(), kFirst);

  LH_ASSERT_OK(pg_->Execute("DELETE FROM src WHERE id > 2; UPDATE src SET v = 'x' WHERE id = 1;"));
  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult second, db_ingest_->Ingest(Pull(false)));
  EXPECT_EQ(second.rows_read, 2);
  EXPECT_EQ(second.commit.version, first.commit.version + 1);
  EXPECT_EQ(Current(), (Rows{"1\tx\t10", "2\tv2\t20"}));
  EXPECT_EQ(StagedFiles(), 0);
}

TEST_F(DbIngestServiceTest, IncrementalPullsFetchOnlyRowsAboveTheMark) {
  FirstPullThenChanges();
  EXPECT_EQ(Current(), kFirst);
  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult second, db_ingest_->Ingest(Pull(true)));
  EXPECT_EQ(second.rows_read, 2);
  EXPECT_EQ(second.previous_high_water_mark, "50");
  EXPECT_EQ(second.high_water_mark, "70");
  EXPECT_EQ(second.commit.version, committed_ + 1);
  EXPECT_EQ(Current(), kSecond);

  // Nothing above the mark: nothing committed, the mark stays.
  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult third, db_ingest_->Ingest(Pull(true)));
  EXPECT_EQ(third.rows_read, 0);
  EXPECT_EQ(third.previous_high_water_mark, "70");
  EXPECT_EQ(third.high_water_mark, "70");
  EXPECT_EQ(Versions("src"), committed_ + 1);
  EXPECT_EQ(StagedFiles(), 0);
}

// The data file cannot be written: the dataset stays at its version, the mark stays at 50 (the
// next pull fetches the same rows again), and no staged file is left behind.
TEST_F(DbIngestServiceTest, StoreFailingMidPublishCommitsNothingAndKeepsTheMark) {
  FirstPullThenChanges();
  faulty_->FailOnce(StoreOp::kPutFile, "datasets/", Unavailable("disk went away"));
  Result<DbIngestResult> failed = db_ingest_->Ingest(Pull(true));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << failed.status().ToString();
  EXPECT_EQ(Versions("src"), committed_);
  EXPECT_EQ(Current(), kFirst);
  EXPECT_EQ(StagedFiles(), 0);

  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult retried, db_ingest_->Ingest(Pull(true)));
  EXPECT_EQ(retried.previous_high_water_mark, "50");
  EXPECT_EQ(retried.rows_read, 2);
  EXPECT_EQ(retried.high_water_mark, "70");
  EXPECT_EQ(retried.commit.version, committed_ + 1);
  EXPECT_EQ(Current(), kSecond);
}

// The data file lands but the process "dies" before the catalog commit: no version points at
// it and the mark is unchanged after the restart.
TEST_F(DbIngestServiceTest, CrashAfterTheDataFileLandsKeepsTheMark) {
  FirstPullThenChanges();
  faulty_->CrashAfterWrite("datasets/");
  ASSERT_FALSE(db_ingest_->Ingest(Pull(true)).ok());
  ASSERT_TRUE(faulty_->crashed());
  faulty_->ClearFaults();
  faulty_->Restart();
  EXPECT_EQ(Versions("src"), committed_);
  EXPECT_EQ(Current(), kFirst);

  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult retried, db_ingest_->Ingest(Pull(true)));
  EXPECT_EQ(retried.previous_high_water_mark, "50");
  EXPECT_EQ(retried.rows_read, 2);
  EXPECT_EQ(Current(), kSecond);
}

// Cancelled after the first batch of rows: nothing committed, nothing staged, the mark kept.
TEST_F(DbIngestServiceTest, CancelMidPullCommitsNothing) {
  FirstPullThenChanges();
  LH_ASSERT_OK(
      pg_->Execute("INSERT INTO src SELECT g, 'v' || g, g * 10 "
                   "FROM generate_series(100, 199) g;"));
  DbIngestRequest request = Pull(true);
  request.batch_size = 10;
  int64_t reports = 0;
  Result<DbIngestResult> cancelled = db_ingest_->Ingest(request, [&](int64_t rows) {
    ++reports;
    return rows < 10;  // stop once the first batch is staged
  });
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), StatusCode::kCancelled) << cancelled.status().ToString();
  EXPECT_EQ(reports, 1);
  EXPECT_EQ(Versions("src"), committed_);
  EXPECT_EQ(Current(), kFirst);
  EXPECT_EQ(StagedFiles(), 0);

  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult retried, db_ingest_->Ingest(request));
  EXPECT_EQ(retried.previous_high_water_mark, "50");
  EXPECT_EQ(retried.rows_read, 102);
  EXPECT_EQ(retried.high_water_mark, "1990");
  LH_ASSERT_OK_AND_ASSIGN(Rows count, QueryRows("SELECT count(*) FROM src"));
  EXPECT_EQ(count, Rows{"106"});
}

// A replace pull resets the mark: the next incremental pull starts from the replace's rows.
TEST_F(DbIngestServiceTest, ReplaceWithoutAMarkResetsIt) {
  FirstPullThenChanges();
  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult replaced, db_ingest_->Ingest(Pull(false)));
  EXPECT_EQ(replaced.rows_read, 6);
  LH_ASSERT_OK_AND_ASSIGN(DbIngestResult next, db_ingest_->Ingest(Pull(true)));
  EXPECT_FALSE(next.previous_high_water_mark.has_value());
  EXPECT_EQ(next.rows_read, 6);
  EXPECT_EQ(next.high_water_mark, "70");
  EXPECT_EQ(Current(), (Rows{"1\tv1\t10", "2\tv2-new\t70", "3\tv3-silent\t30", "4\tv4\t40",
                             "5\tv5\t50", "6\tv6\t60"}));
}

// Collects finished spans (the exporter's place) for the tests to read.
class CollectingSink : public SpanSink {
 public:
  void Export(SpanData span) override {
    std::lock_guard<std::mutex> lock(mu_);
    spans_.push_back(std::move(span));
  }
  std::vector<SpanData> spans() {
    std::lock_guard<std::mutex> lock(mu_);
    return spans_;
  }

 private:
  std::mutex mu_;
  std::vector<SpanData> spans_;
};

// A database pull shows its phases as spans under the caller's (issue 24: ingest phases).
TEST_F(DbIngestServiceTest, APullIsTracedWithItsPhases) {
  CollectingSink sink;
  {
    Span root(&sink, "POST /ingest/db", SpanKind::kServer, std::nullopt);
    LH_ASSERT_OK(db_ingest_->Ingest(Pull(false)).status());
  }
  std::map<std::string, SpanData> by_name;
  for (const SpanData& s : sink.spans()) by_name[s.name] = s;
  for (const char* name : {"ingest.db", "ingest.db.connect", "ingest.db.pull"}) {
    ASSERT_TRUE(by_name.count(name)) << name;
    EXPECT_FALSE(by_name[name].error) << name;
  }
  EXPECT_EQ(by_name["ingest.db"].parent_span_id, by_name["POST /ingest/db"].context.span_id);
  EXPECT_EQ(by_name["ingest.db.pull"].parent_span_id, by_name["ingest.db"].context.span_id);
  bool rows = false;
  for (const SpanAttribute& a : by_name["ingest.db"].attributes) {
    rows = rows || (a.key == "lakehouse.rows" && std::get<int64_t>(a.value) == 5);
  }
  EXPECT_TRUE(rows);
}

}  // namespace
}  // namespace lakehouse
