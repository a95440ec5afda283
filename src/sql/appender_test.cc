// Appender: bulk loading row by row, typed appends, and errors with DuckDB's message.
#include <gtest/gtest.h>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using AppenderTest = SqlTest;

TEST_F(AppenderTest, AppendsAMillionRows) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE big (id BIGINT, score DOUBLE, label VARCHAR)"));
  LH_ASSERT_OK_AND_ASSIGN(Appender appender, conn_->CreateAppender("big"));
  EXPECT_EQ(appender.column_count(), 3u);
  constexpr int64_t kRows = 1'000'000;
  for (int64_t i = 0; i < kRows; ++i) {
    ASSERT_TRUE(appender.AppendInt64(i).ok());
    ASSERT_TRUE(appender.AppendDouble(i * 0.5).ok());
    ASSERT_TRUE((i % 10 == 0 ? appender.AppendNull() : appender.AppendString("row")).ok());
    ASSERT_TRUE(appender.EndRow().ok());
  }
  LH_ASSERT_OK(appender.Close());
  EXPECT_EQ(Row("SELECT count(*), sum(id), sum(score), count(label) FROM big"),
            Json::array({kRows, kRows * (kRows - 1) / 2, kRows * (kRows - 1) / 4.0, kRows * 9 / 10}));
}

TEST_F(AppenderTest, TypedAndJsonAppends) {
  LH_ASSERT_OK(conn_->Execute("CREATE SCHEMA s"));
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE s.typed (b BOOLEAN, i INTEGER, u UBIGINT, d DATE, "
                              "ts TIMESTAMP, bl BLOB, n DECIMAL(6,2))"));
  LH_ASSERT_OK_AND_ASSIGN(Appender appender, conn_->CreateAppender("typed", "s"));
  LH_ASSERT_OK(appender.AppendBool(true));
  LH_ASSERT_OK(appender.AppendInt32(-7));
  LH_ASSERT_OK(appender.AppendUInt64(18446744073709551615ULL));
  LH_ASSERT_OK(appender.AppendDate(19782));
  LH_ASSERT_OK(appender.AppendTimestampMicros(1'709'214'307'000'000));
  LH_ASSERT_OK(appender.AppendBlob("abc"));
  LH_ASSERT_OK(appender.AppendString("12.5"));  // DuckDB casts VARCHAR to the column type
  LH_ASSERT_OK(appender.EndRow());
  for (const Json& value : Json::parse(R"([false, 1, 2, "2024-01-01", null, "x", 1.25])")) {
    LH_ASSERT_OK(appender.AppendJson(value));
  }
  LH_ASSERT_OK(appender.EndRow());
  EXPECT_EQ(appender.AppendJson(Json::array()).code(), StatusCode::kInvalidArgument);
  LH_ASSERT_OK(appender.Close());
  EXPECT_EQ(QueryJson("SELECT * FROM s.typed ORDER BY i")["rows"], Json::parse(R"([
      [true,-7,18446744073709551615,"2024-02-29","2024-02-29T13:45:07","YWJj",12.5],
      [false,1,2,"2024-01-01",null,"eA==",1.25]])"));
}

TEST_F(AppenderTest, MissingTableIsNotFound) {
  Result<Appender> appender = conn_->CreateAppender("nope");
  ASSERT_FALSE(appender.ok());
  EXPECT_EQ(appender.status().code(), StatusCode::kNotFound) << appender.status().ToString();
  EXPECT_NE(appender.status().message().find("nope"), std::string::npos);
}

TEST_F(AppenderTest, IncompleteRowAndBadCastReportErrors) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE two (a INTEGER, b INTEGER)"));
  {
    LH_ASSERT_OK_AND_ASSIGN(Appender appender, conn_->CreateAppender("two"));
    LH_ASSERT_OK(appender.AppendInt32(1));
    Status status = appender.EndRow();
    ASSERT_FALSE(status.ok());
    EXPECT_FALSE(status.message().empty());
  }
  {
    LH_ASSERT_OK_AND_ASSIGN(Appender appender, conn_->CreateAppender("two"));
    Status status = appender.AppendString("not a number");
    if (status.ok()) status = appender.AppendInt32(1);
    if (status.ok()) status = appender.EndRow();
    if (status.ok()) status = appender.Close();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("not a number"), std::string::npos) << status.ToString();
  }
  EXPECT_EQ(Row("SELECT count(*) FROM two"), Json::parse("[0]"));
}

TEST_F(AppenderTest, ConstraintViolationSurfacesAtClose) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE pk (id INTEGER PRIMARY KEY)"));
  LH_ASSERT_OK_AND_ASSIGN(Appender appender, conn_->CreateAppender("pk"));
  for (int i = 0; i < 2; ++i) {
    LH_ASSERT_OK(appender.AppendInt32(1));
    LH_ASSERT_OK(appender.EndRow());
  }
  Status status = appender.Close();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kConflict) << status.ToString();
  EXPECT_NE(status.message().find("duplicate key"), std::string::npos) << status.ToString();
  EXPECT_EQ(Row("SELECT count(*) FROM pk"), Json::parse("[0]"));
}

}  // namespace
}  // namespace lakehouse
