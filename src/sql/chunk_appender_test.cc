// ChunkAppender: typed values stored straight into data chunks, across chunk boundaries, with
// NULLs, and refusals (never casts) for values that do not fit their column.
#include "sql/chunk_appender.h"

#include <gtest/gtest.h>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using ChunkAppenderTest = SqlTest;

Result<ChunkAppender> Open(Connection& conn, const std::string& table) {
  LH_ASSIGN_OR_RETURN(Appender appender, conn.CreateAppender(table));
  return ChunkAppender::Create(std::move(appender));
}

TEST_F(ChunkAppenderTest, EveryTypeRoundTripsAcrossChunksWithNulls) {
  LH_ASSERT_OK(conn_->Execute(
      "CREATE TABLE t (b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INTEGER, i64 BIGINT, "
      "u8 UTINYINT, u16 USMALLINT, u32 UINTEGER, u64 UBIGINT, h HUGEINT, f FLOAT, d DOUBLE, "
      "df DOUBLE, n4 DECIMAL(4,1), n9 DECIMAL(9,2), n18 DECIMAL(18,3), n38 DECIMAL(38,10), "
      "s VARCHAR, bl BLOB, day DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, "
      "id UUID)"));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender app, Open(*conn_, "t"));
  EXPECT_EQ(app.column_count(), 25u);
  constexpr int kRows = 5000;  // more than two chunks of 2048
  const std::string uuid("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x23\x45\x67\x89\xab\xcd\xef", 16);
  for (int r = 0; r < kRows; ++r) {
    if (r % 3 == 0) {
      for (int c = 0; c < 25; ++c) LH_ASSERT_OK(app.AppendNull());
      LH_ASSERT_OK(app.EndRow());
      continue;
    }
    LH_ASSERT_OK(app.AppendBool(r % 2 == 0));
    LH_ASSERT_OK(app.AppendInt64(-128));
    LH_ASSERT_OK(app.AppendInt32(-32768));
    LH_ASSERT_OK(app.AppendInt32(r));
    LH_ASSERT_OK(app.AppendInt64(int64_t{r} << 40));
    LH_ASSERT_OK(app.AppendUInt64(255));
    LH_ASSERT_OK(app.AppendInt64(65535));
    LH_ASSERT_OK(app.AppendUInt64(4294967295ULL));
    LH_ASSERT_OK(app.AppendUInt64(18446744073709551615ULL));
    LH_ASSERT_OK(app.AppendInt64(-5));
    LH_ASSERT_OK(app.AppendFloat(0.1f));
    LH_ASSERT_OK(app.AppendDouble(r * 0.5));
    LH_ASSERT_OK(app.AppendFloat(0.1f));  // widened exactly into DOUBLE
    LH_ASSERT_OK(app.AppendDecimal(4, 1, -9999));
    LH_ASSERT_OK(app.AppendDecimal(9, 2, 1234));
    LH_ASSERT_OK(app.AppendDecimal(18, 3, -123456789012345678));
    LH_ASSERT_OK(app.AppendDecimal(38, 10, static_cast<__int128>(1) << 100));
    LH_ASSERT_OK(app.AppendString(r % 2 ? "short" : "a string longer than twelve bytes"));
    LH_ASSERT_OK(app.AppendBlob(std::string("\0\1", 2)));
    LH_ASSERT_OK(app.AppendDate(19782));
    LH_ASSERT_OK(app.AppendTimeMicros(3'600'000'001));
    LH_ASSERT_OK(app.AppendTimestampMicros(1'709'214'307'000'000));
    LH_ASSERT_OK(app.AppendTimestampMicros(0));
    LH_ASSERT_OK(app.AppendInterval(1, 2, 3));
    LH_ASSERT_OK(app.AppendUuid(uuid));
    LH_ASSERT_OK(app.EndRow());
  }
  LH_ASSERT_OK(app.Close());
  EXPECT_EQ(Row("SELECT count(*), count(b), sum(i32), count(s) FROM t"),
            Json::array({kRows, kRows - 1667, 8331667, kRows - 1667}));
  EXPECT_EQ(QueryJson("SELECT b, i8, i16, i32, i64, u8, u16, u32, u64, h::VARCHAR, f, df, n4, n9, "
                      "n18::VARCHAR, n38::VARCHAR, s, bl, day, tm, ts, tz, iv::VARCHAR, "
                      "id::VARCHAR FROM t WHERE i32 = 4")["rows"][0],
            Json::parse(R"([true, -128, -32768, 4, 4398046511104, 255, 65535, 4294967295,
              18446744073709551615, "-5", 0.1, 0.10000000149011612, -999.9,
              12.34, "-123456789012345.678", "126765060022822940149.6703205376",
              "a string longer than twelve bytes", "AAE=", "2024-02-29", "01:00:00.000001",
              "2024-02-29T13:45:07", "1970-01-01T00:00:00Z", "1 month 2 days 00:00:00.000003",
              "12345678-9abc-def0-0123-456789abcdef"])"));
  EXPECT_EQ(Row("SELECT count(*) FROM t WHERE i32 IS NULL AND s IS NULL AND id IS NULL"),
            Json::parse("[1667]"));
}

TEST_F(ChunkAppenderTest, ValuesThatDoNotFitAreRefusedNotCast) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE t (a TINYINT, u UINTEGER, n DECIMAL(4,2), d DATE)"));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender app, Open(*conn_, "t"));
  EXPECT_EQ(app.AppendInt64(128).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(app.AppendString("1").code(), StatusCode::kInvalidArgument);  // no cast
  LH_ASSERT_OK(app.AppendInt64(1));
  EXPECT_EQ(app.AppendInt64(-1).code(), StatusCode::kInvalidArgument);  // unsigned column
  LH_ASSERT_OK(app.AppendInt64(1));
  LH_ASSERT_OK(app.AppendUInt64(4294967295ULL));
  Status wide = app.AppendDecimal(5, 2, 10000);  // 100.00 does not fit DECIMAL(4,2)
  EXPECT_EQ(wide.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(wide.message().find("column 3"), std::string::npos) << wide.ToString();
  LH_ASSERT_OK(app.AppendInt64(1));
  LH_ASSERT_OK(app.AppendInt64(2));
  EXPECT_EQ(app.AppendDecimal(4, 1, 10).code(), StatusCode::kInvalidArgument);  // other scale
  LH_ASSERT_OK(app.AppendNull());  // the failed row was discarded: this starts a new one
  LH_ASSERT_OK(app.AppendInt64(3));
  LH_ASSERT_OK(app.AppendDecimal(4, 2, -9999));
  EXPECT_EQ(app.AppendTimestampMicros(0).code(), StatusCode::kInvalidArgument);
  LH_ASSERT_OK(app.AppendInt64(4));
  LH_ASSERT_OK(app.AppendNull());
  LH_ASSERT_OK(app.AppendDecimal(4, 2, 5));
  LH_ASSERT_OK(app.AppendDate(0));
  LH_ASSERT_OK(app.EndRow());
  LH_ASSERT_OK(app.AppendInt64(5));
  EXPECT_EQ(app.EndRow().code(), StatusCode::kInternal);  // too few values
  LH_ASSERT_OK(app.Close());
  EXPECT_EQ(QueryJson("SELECT * FROM t")["rows"],
            Json::parse(R"([[4, null, 0.05, "1970-01-01"]])"));
}

TEST_F(ChunkAppenderTest, RefusesTablesWithUnsupportedTypes) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE t (a INTEGER, l INTEGER[])"));
  Result<ChunkAppender> app = Open(*conn_, "t");
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(app.status().message().find("INTEGER[]"), std::string::npos);
}

TEST_F(ChunkAppenderTest, ConstraintViolationSurfacesAtClose) {
  LH_ASSERT_OK(conn_->Execute("CREATE TABLE pk (id INTEGER PRIMARY KEY)"));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender app, Open(*conn_, "pk"));
  for (int i = 0; i < 2; ++i) {
    LH_ASSERT_OK(app.AppendInt32(1));
    LH_ASSERT_OK(app.EndRow());
  }
  Status status = app.Close();
  EXPECT_EQ(status.code(), StatusCode::kConflict) << status.ToString();
  EXPECT_EQ(Row("SELECT count(*) FROM pk"), Json::parse("[0]"));
}

}  // namespace
}  // namespace lakehouse
