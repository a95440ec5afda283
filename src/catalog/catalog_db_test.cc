#include "catalog/catalog_db.h"

#include <gtest/gtest.h>

#include "catalog/catalog_statement.h"
#include "catalog/catalog_test_util.h"
#include "catalog/catalog_transaction.h"
#include "catalog/schema_migrations.h"

namespace lakehouse {
namespace {

using testing::TempDir;

CatalogDb OpenDb(const std::string& path) {
  auto db = CatalogDb::OpenSqlite(path, SqliteOpenOptions{});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return std::move(db).value();
}

TEST(SqliteDatabaseTest, TypedBindsAndColumnsRoundTrip) {
  TempDir dir;
  CatalogDb db = OpenDb(dir.path() + "/t.db");
  ASSERT_TRUE(db.Execute("CREATE TABLE t (s TEXT, i INTEGER, d REAL, n TEXT)").ok());
  auto insert = db.Prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->BindText(1, std::string("a\0b", 3)).ok());
  ASSERT_TRUE(insert->BindInt(2, int64_t{1} << 40).ok());
  ASSERT_TRUE(insert->BindDouble(3, 0.25).ok());
  ASSERT_TRUE(insert->BindOptionalText(4, std::nullopt).ok());
  ASSERT_TRUE(insert->Run().ok());
  EXPECT_EQ(db.Changes(), 1);

  auto select = db.Prepare("SELECT s, i, d, n FROM t");
  ASSERT_TRUE(select.ok());
  auto row = select->Step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(select->ColumnText(0), std::string("a\0b", 3));
  EXPECT_EQ(select->ColumnInt(1), int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(select->ColumnDouble(2), 0.25);
  EXPECT_TRUE(select->ColumnIsNull(3));
  EXPECT_EQ(select->ColumnOptionalText(3), std::nullopt);
  auto done = select->Step();
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(*done);
}

TEST(SqliteDatabaseTest, ConnectionPragmas) {
  TempDir dir;
  CatalogDb db = OpenDb(dir.path() + "/t.db");
  auto mode = db.Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok() && *mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
  auto fk = db.Prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.ok() && *fk->Step());
  EXPECT_EQ(fk->ColumnInt(0), 1);
}

TEST(SqliteDatabaseTest, TransactionRollsBackUnlessCommitted) {
  TempDir dir;
  CatalogDb db = OpenDb(dir.path() + "/t.db");
  ASSERT_TRUE(db.Execute("CREATE TABLE t (v INTEGER)").ok());
  {
    auto tx = CatalogTransaction::Begin(db, CatalogTransaction::Mode::kImmediate);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.Execute("INSERT INTO t VALUES (1)").ok());
  }  // no Commit → rolled back
  EXPECT_FALSE(db.in_transaction());
  {
    auto tx = CatalogTransaction::Begin(db, CatalogTransaction::Mode::kImmediate);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.Execute("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto count = db.Prepare("SELECT COUNT(*), SUM(v) FROM t");
  ASSERT_TRUE(count.ok() && *count->Step());
  EXPECT_EQ(count->ColumnInt(0), 1);
  EXPECT_EQ(count->ColumnInt(1), 2);
}

TEST(SqliteDatabaseTest, ConstraintViolationsMapToStatusCodes) {
  TempDir dir;
  CatalogDb db = OpenDb(dir.path() + "/t.db");
  ASSERT_TRUE(db.Execute("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                         "CREATE TABLE c (p INTEGER REFERENCES p(id));"
                         "INSERT INTO p VALUES (1);")
                  .ok());
  EXPECT_EQ(db.Execute("INSERT INTO p VALUES (1)").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(db.Execute("INSERT INTO c VALUES (7)").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(db.Prepare("SELEKT 1").status().code(), StatusCode::kInternal);
}

TEST(SqliteDatabaseTest, OpenFailureIsAStatus) {
  auto db = CatalogDb::OpenSqlite("/nonexistent-dir/x/y.db", SqliteOpenOptions{});
  EXPECT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
}

TEST(SchemaMigrationsTest, AppliesOnceAndRecordsVersion) {
  TempDir dir;
  std::string path = dir.path() + "/m.db";
  std::vector<Migration> steps = {{1, "one", "CREATE TABLE a (x INTEGER)"},
                                  {2, "two", "CREATE TABLE b (y INTEGER)"}};
  {
    CatalogDb db = OpenDb(path);
    ASSERT_TRUE(ApplyMigrations(db, {steps[0]}, 10).ok());
    EXPECT_EQ(*db.UserVersion(), 1);
  }
  CatalogDb db = OpenDb(path);
  ASSERT_TRUE(ApplyMigrations(db, steps, 20).ok());  // applies only step 2
  ASSERT_TRUE(ApplyMigrations(db, steps, 30).ok());  // no-op
  EXPECT_EQ(*db.UserVersion(), 2);
  auto rows = db.Prepare("SELECT version, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(rows.ok());
  ASSERT_TRUE(*rows->Step());
  EXPECT_EQ(rows->ColumnInt(1), 10);
  ASSERT_TRUE(*rows->Step());
  EXPECT_EQ(rows->ColumnInt(0), 2);
  EXPECT_EQ(rows->ColumnInt(1), 20);
  EXPECT_FALSE(*rows->Step());
}

TEST(SchemaMigrationsTest, FailedStepLeavesPreviousVersion) {
  TempDir dir;
  CatalogDb db = OpenDb(dir.path() + "/m.db");
  std::vector<Migration> steps = {{1, "one", "CREATE TABLE a (x INTEGER)"},
                                  {2, "bad", "CREATE TABLE b (y INTEGER); SELEKT"}};
  EXPECT_FALSE(ApplyMigrations(db, steps, 1).ok());
  EXPECT_EQ(*db.UserVersion(), 1);
  EXPECT_FALSE(db.Prepare("SELECT * FROM b").ok());  // step 2 rolled back entirely
}

TEST(SchemaMigrationsTest, RefusesNewerDatabase) {
  TempDir dir;
  CatalogDb db = OpenDb(dir.path() + "/m.db");
  ASSERT_TRUE(db.SetUserVersion(LatestCatalogSchemaVersion() + 1).ok());
  Status status = ApplyMigrations(db, CatalogMigrations(), 1);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace lakehouse
