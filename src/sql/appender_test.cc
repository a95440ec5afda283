// Appender: bulk loading row by row, typed appends, and errors with DuckDB's message.
#include <gtest/gtest.h>

#include "sql/column_batch.h"
#include "sql/result_json.h"
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
  EXPECT_EQ(
      Row("SELECT count(*), sum(id), sum(score), count(label) FROM big"),
      Json::array({kRows, kRows * (kRows - 1) / 2, kRows * (kRows - 1) / 4.0, kRows * 9 / 10}));
}

TEST_F(AppenderTest, TypedAndJsonAppends) {
  LH_ASSERT_OK(conn_->Execute("CREATE SCHEMA s"));
  LH_ASSERT_OK(
      conn_->Execute("CREATE TABLE s.typed (b BOOLEAN, i INTEGER, u UBIGINT, d DATE, "
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

TEST_F(AppenderTest, AppendsBatchesOfIntsStringsFloatArraysAndNullsAcrossChunks) {
  auto& conn = conn_;
  ASSERT_TRUE(conn->Execute("CREATE TABLE t (id BIGINT, n INTEGER, s VARCHAR, v FLOAT[3])").ok());
  ColumnBatch batch({{ColumnBatch::kInt64},
                     {ColumnBatch::kInt32},
                     {ColumnBatch::kVarchar},
                     {ColumnBatch::kFloatArray, 3}});
  const int rows = 5000;  // more than one data chunk
  for (int i = 0; i < rows; ++i) {
    batch.AddInt64(0, i);
    if (i % 7 == 0) {
      batch.AddNull(1);
    } else {
      batch.AddInt32(1, i * 2);
    }
    batch.AddString(2, "row " + std::to_string(i) + " with a string longer than inline");
    if (i % 11 == 0) {
      batch.AddNull(3);
    } else {
      std::vector<float> v = {float(i), 0.5f, -1.0f};
      ASSERT_TRUE(batch.AddFloats(3, v).ok());
    }
    ASSERT_TRUE(batch.EndRow().ok());
  }
  EXPECT_FALSE(batch.AddFloats(3, std::vector<float>{1.0f}).ok());
  {
    auto app = conn->CreateAppender("t");
    ASSERT_TRUE(app.ok());
    ASSERT_TRUE(app->AppendBatch(batch).ok());
    ASSERT_TRUE(app->Close().ok());
  }
  auto result = conn->Query(
      "SELECT count(*), count(n), count(v), sum(id), max(v[1]), min(v[3]), "
      "max(length(s)) FROM t");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  Json json = ResultToJson(*result);
  const Json& row = json["rows"][0];
  EXPECT_EQ(row[0], rows);
  EXPECT_EQ(row[1], rows - (rows + 6) / 7);
  EXPECT_EQ(row[2], rows - (rows + 10) / 11);
  EXPECT_EQ(row[3], int64_t(rows) * (rows - 1) / 2);
  EXPECT_DOUBLE_EQ(row[4].get<double>(), 4999.0);
  EXPECT_DOUBLE_EQ(row[5].get<double>(), -1.0);

  // Read the arrays back without copying.
  auto back = conn->Query("SELECT v FROM t WHERE id IN (5, 11) ORDER BY id");
  ASSERT_TRUE(back.ok());
  std::optional<DataChunk> chunk = back->NextChunk();
  ASSERT_TRUE(chunk.has_value());
  std::span<const float> v5 = chunk->GetFloatArray(0, 0);
  ASSERT_EQ(v5.size(), 3u);
  EXPECT_EQ(v5[0], 5.0f);
  EXPECT_EQ(v5[1], 0.5f);
  EXPECT_TRUE(chunk->GetFloatArray(0, 1).empty());  // row 11 is NULL
}

}  // namespace
}  // namespace lakehouse
