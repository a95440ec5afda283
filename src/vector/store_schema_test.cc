// Stores own their schema steps (issue 17 item 6): a fresh catalog gets the jobs and vector
// tables from the stores themselves; a catalog created when those tables were catalog steps 3, 4
// and 6 records them as applied and runs nothing twice.
#include <gtest/gtest.h>

#include "catalog/catalog_statement.h"
#include "catalog/catalog_test_util.h"
#include "common/clock.h"
#include "jobs/job_store.h"
#include "jobs/job_store_schema.h"
#include "vector/index_store.h"
#include "vector/index_store_schema.h"
#include "vector/trial_store.h"

namespace lakehouse {
namespace {

using testing::OpenMetastore;
using testing::TempDir;

// store → versions recorded in store_migrations.
std::map<std::string, std::vector<int64_t>> StoreSteps(const std::string& dir) {
  Result<CatalogDb> db = CatalogDb::OpenSqlite(Metastore::DatabasePath(dir), SqliteOpenOptions{});
  EXPECT_TRUE(db.ok());
  std::map<std::string, std::vector<int64_t>> out;
  Result<CatalogStatement> stmt =
      db->Prepare("SELECT store, version FROM store_migrations ORDER BY store, version");
  EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
  while (stmt.ok() && *stmt->Step()) out[stmt->ColumnText(0)].push_back(stmt->ColumnInt(1));
  return out;
}

TEST(StoreSchemaTest, AFreshCatalogGetsTheStoresTablesFromTheStores) {
  TempDir dir;
  ManualClock clock(1'000'000);
  {
    std::unique_ptr<Metastore> metastore = OpenMetastore(dir.path(), clock);
    ASSERT_NE(metastore, nullptr);
    EXPECT_TRUE(StoreSteps(dir.path()).empty()) << "the catalog alone creates no store tables";
    JobStore jobs(metastore.get());
    IndexStore indexes(metastore.get());
    TrialStore trials(metastore.get());
    ASSERT_TRUE(jobs.List(JobFilter{}).ok());
    ASSERT_TRUE(indexes.List().ok());
  }
  auto steps = StoreSteps(dir.path());
  EXPECT_EQ(steps["jobs"], (std::vector<int64_t>{1, 2}));  // 2: job owners
  EXPECT_EQ(steps["vectors"], (std::vector<int64_t>{1, 2}));
  // Opening again runs nothing twice (a second CREATE TABLE would fail).
  std::unique_ptr<Metastore> metastore = OpenMetastore(dir.path(), clock);
  ASSERT_NE(metastore, nullptr);
  JobStore jobs(metastore.get());
  IndexStore indexes(metastore.get());
  EXPECT_TRUE(jobs.List(JobFilter{}).ok());
  EXPECT_TRUE(indexes.List().ok());
}

TEST(StoreSchemaTest, ACatalogFromBeforeStoresOwnedTheirStepsKeepsItsTables) {
  TempDir dir;
  ManualClock clock(1'000'000);
  {  // What a binary whose catalog steps 3, 4 and 6 created these tables left behind.
    std::unique_ptr<Metastore> metastore = OpenMetastore(dir.path(), clock);
    ASSERT_NE(metastore, nullptr);
  }
  {
    Result<CatalogDb> db =
        CatalogDb::OpenSqlite(Metastore::DatabasePath(dir.path()), SqliteOpenOptions{});
    ASSERT_TRUE(db.ok());
    std::string sql =
        "DROP TABLE store_migrations; DELETE FROM schema_migrations WHERE version = 11;";
    sql += std::string(JobStoreMigrations()[0].sql);
    for (const Migration& step : VectorStoreMigrations()) sql += std::string(step.sql);
    sql +=
        "INSERT INTO schema_migrations VALUES (3, 'jobs', 0), (4, 'vectors', 0), "
        "(6, 'recall', 0);"
        "INSERT INTO jobs (id, kind, state, created_at, updated_at) "
        "VALUES ('j-old', 'ingest', 'succeeded', 1, 1);";
    ASSERT_TRUE(db->Execute(sql).ok());
    ASSERT_TRUE(db->SetUserVersion(6).ok());
  }
  std::unique_ptr<Metastore> metastore = OpenMetastore(dir.path(), clock);
  ASSERT_NE(metastore, nullptr);
  JobStore jobs(metastore.get());
  IndexStore indexes(metastore.get());
  Result<std::vector<Job>> listed = jobs.List(JobFilter{});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, "j-old");
  EXPECT_TRUE(indexes.List().ok());
  auto steps = StoreSteps(dir.path());
  EXPECT_EQ(steps["jobs"], (std::vector<int64_t>{1, 2}));  // 2: job owners
  EXPECT_EQ(steps["vectors"], (std::vector<int64_t>{1, 2}));
}

}  // namespace
}  // namespace lakehouse
