// Prepared statements: binding JSON parameters, count/type errors, re-execution.
#include <gtest/gtest.h>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using PreparedStatementTest = SqlTest;

TEST_F(PreparedStatementTest, BindsEveryJsonScalarType) {
  LH_ASSERT_OK_AND_ASSIGN(PreparedStatement stmt,
                          conn_->Prepare("SELECT $1, $2, $3, $4, $5, $6, $7 IS NULL"));
  EXPECT_EQ(stmt.parameter_count(), 7u);
  LH_ASSERT_OK_AND_ASSIGN(
      QueryResult result,
      stmt.Execute(
          Json::parse(R"([true, -9000000000, 2.5, "text", 18446744073709551615, 7, null])")));
  EXPECT_EQ(ResultToJson(result)["rows"],
            Json::parse(R"([[true,-9000000000,2.5,"text",18446744073709551615,7,true]])"));
}

TEST_F(PreparedStatementTest, ReexecutesWithNewBindings) {
  LH_ASSERT_OK(
      conn_->Execute("CREATE TABLE p AS SELECT i AS id, 'n' || i AS name FROM range(10) t(i)"));
  LH_ASSERT_OK_AND_ASSIGN(PreparedStatement stmt,
                          conn_->Prepare("SELECT name FROM p WHERE id = ? OR name = ?"));
  for (int i = 0; i < 3; ++i) {
    LH_ASSERT_OK_AND_ASSIGN(QueryResult result, stmt.Execute(Json::array({i, "none"})));
    EXPECT_EQ(result.FetchScalar(), "n" + std::to_string(i));
  }
  LH_ASSERT_OK(stmt.Bind(Json::array({nullptr, "n9"})));
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result, stmt.Execute());
  EXPECT_EQ(result.FetchScalar(), "n9");
}

TEST_F(PreparedStatementTest, NamedParametersFromAnObject) {
  LH_ASSERT_OK_AND_ASSIGN(PreparedStatement stmt, conn_->Prepare("SELECT $a + $b, $a"));
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result, stmt.Execute(Json{{"a", 40}, {"b", 2}}));
  EXPECT_EQ(ResultToJson(result)["rows"], Json::parse("[[42,40]]"));
  Status missing = stmt.Bind(Json{{"a", 1}, {"c", 2}});
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("$b"), std::string::npos) << missing.message();
}

TEST_F(PreparedStatementTest, WrongParameterCountIsInvalidArgument) {
  LH_ASSERT_OK_AND_ASSIGN(PreparedStatement stmt, conn_->Prepare("SELECT $1 + $2"));
  Result<QueryResult> too_few = stmt.Execute(Json::array({1}));
  ASSERT_FALSE(too_few.ok());
  EXPECT_EQ(too_few.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(too_few.status().message(), "statement expects 2 parameter(s), got 1");
  EXPECT_EQ(stmt.Execute(Json::array({1, 2, 3})).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(stmt.Bind(Json("not a list")).code(), StatusCode::kInvalidArgument);
}

TEST_F(PreparedStatementTest, UnsupportedValueTypeIsInvalidArgument) {
  LH_ASSERT_OK_AND_ASSIGN(PreparedStatement stmt, conn_->Prepare("SELECT $1, $2"));
  Status status = stmt.Bind(Json::parse(R"([1, [1, 2]])"));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("$2"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("array"), std::string::npos) << status.message();
  EXPECT_EQ(stmt.Bind(Json::parse(R"([{"a":1}, 1])")).code(), StatusCode::kInvalidArgument);
}

TEST_F(PreparedStatementTest, PrepareAndCastErrorsCarryDuckDbMessages) {
  Result<PreparedStatement> bad = conn_->Prepare("SELECT FROM WHERE");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("Parser Error"), std::string::npos);
  Result<PreparedStatement> missing = conn_->Prepare("SELECT * FROM nowhere WHERE id = $1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();

  LH_ASSERT_OK(conn_->Execute("CREATE TABLE ints (v INTEGER)"));
  LH_ASSERT_OK_AND_ASSIGN(PreparedStatement insert, conn_->Prepare("INSERT INTO ints VALUES ($1)"));
  Result<QueryResult> cast = insert.Execute(Json::array({"not a number"}));
  ASSERT_FALSE(cast.ok());
  EXPECT_EQ(cast.status().code(), StatusCode::kInvalidArgument) << cast.status().ToString();
}

}  // namespace
}  // namespace lakehouse
