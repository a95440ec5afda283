// Database/Connection basics: queries, DML, DuckDB errors as Status, no leaks on failure.
#include <gtest/gtest.h>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using ConnectionTest = SqlTest;

TEST(DatabaseTest, ReportsLibraryVersion) {
  EXPECT_EQ(DuckDbLibraryVersion().rfind("v1.4", 0), 0u) << DuckDbLibraryVersion();
}

TEST(DatabaseTest, AppliesOptions) {
  DuckDbOptions options;
  options.memory_limit = "256MB";
  options.threads = 2;
  LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(options));
  LH_ASSERT_OK_AND_ASSIGN(Connection conn, db.Connect());
  LH_ASSERT_OK_AND_ASSIGN(QueryResult threads, conn.Query("SELECT current_setting('threads')"));
  EXPECT_EQ(threads.FetchScalar(), 2);
  LH_ASSERT_OK_AND_ASSIGN(QueryResult autoload,
                          conn.Query("SELECT current_setting('autoload_known_extensions'), "
                                     "current_setting('autoinstall_known_extensions')"));
  EXPECT_EQ(ResultToJson(autoload)["rows"], Json::parse("[[false,false]]"));
}

TEST(DatabaseTest, InvalidOptionIsInvalidArgument) {
  DuckDbOptions options;
  options.memory_limit = "lots";
  Result<Database> db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument) << db.status().ToString();
}

TEST_F(ConnectionTest, SimpleQuery) {
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result, conn_->Query("SELECT 40 + 2 AS answer, 'x' AS s"));
  ASSERT_EQ(result.column_count(), 2u);
  EXPECT_EQ(result.columns()[0].name, "answer");
  EXPECT_EQ(result.columns()[0].type, "INTEGER");
  EXPECT_EQ(result.columns()[1].type, "VARCHAR");
  EXPECT_EQ(ResultToJson(result)["rows"], Json::parse(R"([[42,"x"]])"));
}

TEST_F(ConnectionTest, DmlReportsRowsChanged) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE t (id INTEGER, name VARCHAR)"));
  LH_ASSERT_OK_AND_ASSIGN(QueryResult inserted,
                          conn_->Query("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)"));
  EXPECT_EQ(inserted.rows_changed(), 3u);
  LH_ASSERT_OK_AND_ASSIGN(QueryResult updated,
                          conn_->Query("UPDATE t SET name = 'z' WHERE id > 1"));
  EXPECT_EQ(updated.rows_changed(), 2u);
  EXPECT_EQ(QueryJson("SELECT id, name FROM t ORDER BY id")["rows"],
            Json::parse(R"([[1,"a"],[2,"z"],[3,"z"]])"));
}

TEST_F(ConnectionTest, MultipleStatementsReturnTheLastResult) {
  EXPECT_EQ(Row("CREATE TABLE m AS SELECT 1 AS x; INSERT INTO m VALUES (2); SELECT sum(x) FROM m"),
            Json::parse("[3]"));
}

TEST_F(ConnectionTest, SyntaxErrorCarriesDuckDbMessage) {
  Result<QueryResult> result = conn_->Query("SELEC 1");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("Parser Error"), std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("SELEC"), std::string::npos);
}

TEST_F(ConnectionTest, ErrorCodesFollowDuckDbErrorType) {
  auto code_of = [&](const std::string& sql) { return conn_->Execute(sql).code(); };
  EXPECT_EQ(code_of("SELECT * FROM no_such_table"), StatusCode::kNotFound);
  EXPECT_EQ(code_of("SELECT no_such_column FROM range(1)"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of("SELECT 'abc'::INTEGER"), StatusCode::kInvalidArgument);
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE u (id INTEGER PRIMARY KEY)"));
  EXPECT_EQ(code_of("CREATE TABLE u (id INTEGER)"), StatusCode::kAlreadyExists);
  LH_ASSERT_OK(conn_->Execute("INSERT INTO u VALUES (1)"));
  EXPECT_EQ(code_of("INSERT INTO u VALUES (1)"), StatusCode::kConflict);
  EXPECT_EQ(code_of("SELECT * FROM read_parquet('/nonexistent/lh/none.parquet')"),
            StatusCode::kNotFound);
  EXPECT_EQ(code_of("LOAD spatial"), StatusCode::kFailedPrecondition);  // no auto-install offline
}

TEST_F(ConnectionTest, FailedQueriesDoNotLeakOrPoisonTheConnection) {
  // Run under the asan preset to check that failed results are destroyed.
  for (int i = 0; i < 500; ++i) {
    ASSERT_FALSE(conn_->Query("SELECT * FROM missing_" + std::to_string(i)).ok());
    ASSERT_FALSE(conn_->Prepare("SELEC " + std::to_string(i)).ok());
  }
  EXPECT_EQ(Row("SELECT 1"), Json::parse("[1]"));
}

TEST_F(ConnectionTest, FailedStatementAbortsAnExplicitTransaction) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE tx (id INTEGER)"));
  LH_ASSERT_OK(conn_->Execute("BEGIN"));
  LH_ASSERT_OK(conn_->Execute("INSERT INTO tx VALUES (1)"));
  EXPECT_FALSE(conn_->Execute("SELECT 'x'::INTEGER").ok());
  EXPECT_FALSE(conn_->Execute("INSERT INTO tx VALUES (2)").ok());  // transaction is aborted
  LH_ASSERT_OK(conn_->Execute("ROLLBACK"));
  EXPECT_EQ(Row("SELECT count(*) FROM tx"), Json::parse("[0]"));
}

TEST_F(ConnectionTest, MovedFromConnectionFailsCleanly) {
  Connection moved = std::move(*conn_);
  EXPECT_EQ(conn_->Query("SELECT 1").status().code(), StatusCode::kFailedPrecondition);
  conn_->Interrupt();  // a no-op, not a crash
  LH_ASSERT_OK(moved.Execute("SELECT 1"));
}

TEST_F(ConnectionTest, FetchScalarOfEmptyResultIsNull) {
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result, conn_->Query("SELECT 1 WHERE false"));
  EXPECT_TRUE(result.FetchScalar().is_null());
}

TEST_F(ConnectionTest, StreamingResultsProduceEveryRowAndReportErrors) {
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result,
                          conn_->QueryStreaming("SELECT range AS i FROM range(3000000)"));
  int64_t rows = 0;
  int64_t sum = 0;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) sum += chunk->GetJson(0, r).get<int64_t>();
    rows += static_cast<int64_t>(chunk->size());
  }
  LH_ASSERT_OK(result.status());
  EXPECT_EQ(rows, 3'000'000);
  EXPECT_EQ(sum, int64_t{3'000'000} * 2'999'999 / 2);

  // A failure part-way through ends the stream with an error, never a silent short result.
  LH_ASSERT_OK_AND_ASSIGN(
      QueryResult failing,
      conn_->QueryStreaming("SELECT CASE WHEN range < 2500000 THEN range ELSE "
                            "error('boom at ' || range) END FROM range(3000000)"));
  rows = 0;
  while (std::optional<DataChunk> chunk = failing.NextChunk())
    rows += static_cast<int64_t>(chunk->size());
  EXPECT_LT(rows, 3'000'000);
  EXPECT_FALSE(failing.status().ok());
  EXPECT_NE(failing.status().message().find("boom"), std::string::npos)
      << failing.status().ToString();
  // Statements that cannot even start fail at once.
  EXPECT_FALSE(conn_->QueryStreaming("SELECT * FROM no_such_table").ok());
  // The connection is usable afterwards.
  EXPECT_EQ(Row("SELECT 41 + 1"), Json::parse("[42]"));
}

}  // namespace
}  // namespace lakehouse
