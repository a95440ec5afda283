// StageDbPull over the PostgreSQL DbSource against a real PostgreSQL
// (tests/support/postgres_server.h) and an in-memory DuckDB: a pull rolls over to a new Parquet
// file every rows_per_file rows (what bounds memory), reports progress every batch_rows, keeps
// every row across file boundaries, and a cancelled pull leaves no file behind.
#include "ingest/db_stager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "ingest/db_source.h"
#include "sql/database.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using testing::PostgresServer;

class DbStagerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pg = PostgresServer::Start();
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    pg_ = std::move(*pg).release();
    ASSERT_TRUE(pg_->Execute("CREATE TABLE t AS SELECT g AS id, 'v' || g AS v, ARRAY[g, -g] AS a "
                             "FROM generate_series(1, 25) g")
                    .ok());
  }
  static void TearDownTestSuite() {
    delete pg_;
    pg_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(pg_, nullptr);
    auto dsn = DbDsn::Parse(pg_->Dsn());
    ASSERT_TRUE(dsn.ok());
    auto source = OpenDbSource(*dsn, DbPullSpec{.table = "t"}, {});
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    source_ = std::move(*source);
    auto db = Database::Open({});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::make_unique<Database>(std::move(*db));
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.ok());
    duck_ = std::make_unique<Connection>(std::move(*conn));
    options_.staging.staging_dir = dir_.Join("staging");
    options_.batch_rows = 4;
    options_.rows_per_file = 10;
  }

  int64_t FilesInStaging() const {
    if (!std::filesystem::exists(options_.staging.staging_dir)) return 0;
    int64_t n = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator(options_.staging.staging_dir)) {
      ++n;
    }
    return n;
  }

  static PostgresServer* pg_;
  testing::TempDir dir_;
  std::unique_ptr<DbSource> source_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> duck_;
  DbStageOptions options_;
};

PostgresServer* DbStagerTest::pg_ = nullptr;

TEST_F(DbStagerTest, RollsOverToANewFileEveryRowsPerFile) {
  std::vector<int64_t> reports;
  auto files = StageDbPull(*duck_, *source_, "t", options_, [&](int64_t rows) {
    reports.push_back(rows);
    return true;
  });
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].row_count, 10);
  EXPECT_EQ((*files)[1].row_count, 10);
  EXPECT_EQ((*files)[2].row_count, 5);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back(), 25);
  EXPECT_TRUE(std::is_sorted(reports.begin(), reports.end()));
  EXPECT_GE(reports.size(), 6u);  // every 4 rows, then the total

  std::string list;
  for (const StagedFile& f : *files) list += (list.empty() ? "'" : ", '") + f.parquet_path + "'";
  auto r = duck_->Query(
      "SELECT format('{}/{}/{}/{}', count(*), sum(id), sum(a[2]), count(DISTINCT v)) FROM "
      "read_parquet([" +
      list + "])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->FetchScalar(), "25/325/-325/25");
}

TEST_F(DbStagerTest, CancelledPullLeavesNoFile) {
  auto files = StageDbPull(*duck_, *source_, "t", options_, [](int64_t rows) { return rows < 16; });
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kCancelled) << files.status().ToString();
  EXPECT_EQ(FilesInStaging(), 0);  // the first file (10 rows) was written, then removed
}

// The COPY writing the Parquet file reads the rows while they are pulled (sql/chunk_stream.h):
// a source failing in the middle of a file stops it, and nothing is left behind.
TEST_F(DbStagerTest, SourceFailingMidFileStopsTheWriteAndLeavesNoFile) {
  auto dsn = DbDsn::Parse(pg_->Dsn());
  ASSERT_TRUE(dsn.ok());
  auto failing = OpenDbSource(
      *dsn,
      DbPullSpec{.query = "SELECT g AS id, 100 / (15 - g) AS q FROM generate_series(1, 25) g"}, {});
  ASSERT_TRUE(failing.ok()) << failing.status().ToString();
  auto files = StageDbPull(*duck_, **failing, "q", options_, {});
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("division by zero"), std::string::npos)
      << files.status().ToString();
  EXPECT_EQ(FilesInStaging(), 0);  // the first file (10 rows) and the unfinished second one
  // The connection is free again and reads nothing half-made.
  auto r = duck_->Query("SELECT 42");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

// A COPY that fails by itself reports its own error, not the pull's consequence of it.
TEST_F(DbStagerTest, CopyFailingReportsItsOwnError) {
  options_.staging.row_group_size = -1;  // refused by DuckDB (an unsigned setting)
  auto files = StageDbPull(*duck_, *source_, "t", options_, {});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().message().find("reading the stream stopped"), std::string::npos)
      << files.status().ToString();
  EXPECT_EQ(FilesInStaging(), 0);
}

TEST_F(DbStagerTest, PullEndingAtAFileBoundaryLeavesNoEmptyFile) {
  options_.rows_per_file = 5;  // 25 rows: exactly five files
  auto files = StageDbPull(*duck_, *source_, "t", options_, {});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 5u);
  for (const StagedFile& f : *files) EXPECT_EQ(f.row_count, 5);
  EXPECT_EQ(FilesInStaging(), 5);
}

}  // namespace
}  // namespace lakehouse
