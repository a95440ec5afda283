// Integration: Parquet round trips and an on-disk database, each in a fresh temporary directory.
#include <gtest/gtest.h>

#include <filesystem>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using testing::TempDir;
using ParquetTest = SqlTest;

TEST_F(ParquetTest, WritesAndReadsBackParquet) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string file = dir.File("x.parquet");
  LH_ASSERT_OK(conn_->Execute(
      "COPY (SELECT i AS id, 'name' || i AS name, i * 0.25 AS score, "
      "CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '2024-01-01' + i::INTEGER END AS day, "
      "[i, i + 1] AS pair, {'k': i % 3, 'tag': 't' || (i % 2)} AS meta "
      "FROM range(100000) t(i)) TO '" +
      file + "' (FORMAT parquet)"));
  ASSERT_TRUE(std::filesystem::exists(file));

  EXPECT_EQ(
      Row("SELECT count(*), sum(id), sum(score), count(day) FROM read_parquet('" + file + "')"),
      Json::parse("[100000, 4999950000, 1249987500.0, 85714]"));
  Json result = QueryJson("SELECT id, name, day, pair, meta FROM read_parquet('" + file +
                          "') WHERE id IN (0, 8) ORDER BY id");
  EXPECT_EQ(result["rows"], Json::parse(R"([
      [0,"name0",null,[0,1],{"k":0,"tag":"t0"}],
      [8,"name8","2024-01-09",[8,9],{"k":2,"tag":"t0"}]])"));
  EXPECT_EQ(result["columns"][3]["type"], "BIGINT[]");
}

TEST_F(ParquetTest, MissingParquetFileIsNotFound) {
  TempDir dir;
  Status status = conn_->Execute("SELECT * FROM read_parquet('" + dir.File("none.parquet") + "')");
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
}

TEST(OnDiskDatabaseTest, PersistsAcrossReopen) {
  TempDir dir;
  DuckDbOptions options;
  options.database_path = dir.File("lake.duckdb");
  options.temp_directory = dir.File("spill");
  {
    LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(options));
    LH_ASSERT_OK_AND_ASSIGN(Connection conn, db.Connect());
    LH_ASSERT_OK(conn.Execute("CREATE TABLE kept AS SELECT * FROM range(1000) t(i)"));
  }
  LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(options));
  LH_ASSERT_OK_AND_ASSIGN(Connection conn, db.Connect());
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result, conn.Query("SELECT sum(i) FROM kept"));
  EXPECT_EQ(result.FetchScalar(), 499500);
}

TEST(OnDiskDatabaseTest, UnopenablePathIsAnError) {
  TempDir dir;
  DuckDbOptions options;
  options.database_path = dir.File("no/such/dir/lake.duckdb");
  Result<Database> db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("lake.duckdb"), std::string::npos) << db.status().ToString();
}

}  // namespace
}  // namespace lakehouse
