// Every logical type read from DuckDB vectors into JSON, including nested types and NULLs.
#include <gtest/gtest.h>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using ValueDecoderTest = SqlTest;

TEST_F(ValueDecoderTest, BooleansAndIntegers) {
  EXPECT_EQ(Row("SELECT TRUE, FALSE, (-8)::TINYINT, (-300)::SMALLINT, (-70000)::INTEGER, "
                "(-5000000000)::BIGINT, 200::UTINYINT, 60000::USMALLINT, 4000000000::UINTEGER, "
                "18446744073709551615::UBIGINT"),
            Json::parse("[true,false,-8,-300,-70000,-5000000000,200,60000,4000000000,"
                        "18446744073709551615]"));
}

TEST_F(ValueDecoderTest, HugeIntegersAsNumberWhenTheyFitElseString) {
  EXPECT_EQ(
      Row("SELECT 42::HUGEINT, (-42)::HUGEINT, 170141183460469231731687303715884105727::HUGEINT,"
          " -(170141183460469231731687303715884105727::HUGEINT), 7::UHUGEINT, "
          "340282366920938463463374607431768211455::UHUGEINT"),
      Json::parse(R"([42,-42,"170141183460469231731687303715884105727",
                "-170141183460469231731687303715884105727",7,
                "340282366920938463463374607431768211455"])"));
}

TEST_F(ValueDecoderTest, FloatingPointAndDecimal) {
  Json row =
      Row("SELECT 0.1::FLOAT, 1.5::DOUBLE, 'nan'::DOUBLE, 'inf'::FLOAT, '-inf'::DOUBLE, "
          "123.45::DECIMAL(5,2), (-1.5)::DECIMAL(18,3), 1234567.891::DECIMAL(38,3), "
          "7::DECIMAL(4,0)");
  EXPECT_EQ(row, Json::parse("[0.1,1.5,null,null,null,123.45,-1.5,1234567.891,7.0]"));
}

TEST_F(ValueDecoderTest, StringsBlobsAndBits) {
  EXPECT_EQ(Row("SELECT 'héllo', 'a string longer than twelve bytes', ''::VARCHAR, "
                "'\\xAA\\xBB'::BLOB, 'abc'::BLOB, '10101'::BIT, '1'::BIT"),
            Json::parse(R"(["héllo","a string longer than twelve bytes","","qrs=","YWJj",
                "10101","1"])"));
}

TEST_F(ValueDecoderTest, TemporalTypesAsIso8601) {
  EXPECT_EQ(Row("SELECT DATE '2024-02-29', DATE 'infinity', TIME '13:45:07.25', "
                "TIMESTAMP '2024-02-29 13:45:07.123456', TIMESTAMP '-infinity', "
                "TIMESTAMP_S '2024-02-29 13:45:07', TIMESTAMP_MS '2024-01-01 00:00:01.5', "
                "TIMESTAMP_NS '2024-01-01 00:00:00.123456789', "
                "'2024-02-29 13:45:07+00'::TIMESTAMPTZ, '13:45:07+05:30'::TIMETZ"),
            Json::parse(R"(["2024-02-29","infinity","13:45:07.25","2024-02-29T13:45:07.123456",
                "-infinity","2024-02-29T13:45:07","2024-01-01T00:00:01.5",
                "2024-01-01T00:00:00.123456789","2024-02-29T13:45:07Z","13:45:07+05:30"])"));
}

TEST_F(ValueDecoderTest, IntervalUuidAndEnum) {
  LH_ASSERT_OK(conn_->Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"));
  EXPECT_EQ(Row("SELECT INTERVAL '1 year 2 months 3 days 04:05:06.5', INTERVAL '0 seconds', "
                "'3f2b8c1e-1234-4abc-8def-0123456789ab'::UUID, "
                "'00000000-0000-0000-0000-000000000001'::UUID, 'happy'::mood, 'sad'::mood"),
            Json::parse(R"(["P1Y2M3DT4H5M6.5S","PT0S","3f2b8c1e-1234-4abc-8def-0123456789ab",
                "00000000-0000-0000-0000-000000000001","happy","sad"])"));
}

TEST_F(ValueDecoderTest, ListsArraysStructsMapsAndUnions) {
  EXPECT_EQ(Row("SELECT [1, 2, NULL], [[1], [], [2, 3]], ['a', 'bb'], [1, 2, 3]::INTEGER[3], "
                "{'a': 1, 'b': 'x', 'c': [1, 2], 'd': {'e': NULL}}, "
                "MAP {'k1': 1, 'k2': NULL}, MAP {1: 'a', 2: 'b'}, "
                "[{'x': DATE '2024-01-01'}], "
                "union_value(num := 2)::UNION(num INTEGER, str VARCHAR)"),
            Json::parse(R"([[1,2,null],[[1],[],[2,3]],["a","bb"],[1,2,3],
                {"a":1,"b":"x","c":[1,2],"d":{"e":null}},{"k1":1,"k2":null},
                [{"key":1,"value":"a"},{"key":2,"value":"b"}],[{"x":"2024-01-01"}],2])"));
}

TEST_F(ValueDecoderTest, NullsOfEveryKind) {
  EXPECT_EQ(Row("SELECT NULL, NULL::INTEGER, NULL::VARCHAR, NULL::DATE, NULL::INTEGER[], "
                "NULL::STRUCT(a INTEGER), NULL::MAP(VARCHAR, INTEGER), NULL::UUID, NULL::HUGEINT, "
                "[NULL::VARCHAR], {'a': NULL::INTEGER[]}"),
            Json::parse(R"([null,null,null,null,null,null,null,null,null,[null],{"a":null}])"));
}

TEST_F(ValueDecoderTest, ColumnNamesAndTypes) {
  Json result = QueryJson(
      "SELECT 1::BIGINT AS id, 1.5::DECIMAL(5,2) AS price, [1]::INTEGER[] AS xs, "
      "[1,2]::INTEGER[2] AS pair, {'a': 1, 'b': 'x'} AS s, MAP {'k': 1} AS m, "
      "'{}'::JSON AS j, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS ts");
  EXPECT_EQ(result["columns"], Json::parse(R"json([
      {"name":"id","type":"BIGINT"},{"name":"price","type":"DECIMAL(5,2)"},
      {"name":"xs","type":"INTEGER[]"},{"name":"pair","type":"INTEGER[2]"},
      {"name":"s","type":"STRUCT(a INTEGER, b VARCHAR)"},{"name":"m","type":"MAP(VARCHAR, INTEGER)"},
      {"name":"j","type":"JSON"},{"name":"ts","type":"TIMESTAMP WITH TIME ZONE"}])json"));
}

TEST_F(ValueDecoderTest, ManyChunksKeepNullMaskPerRow) {
  Json result = QueryJson(
      "SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS v, i::VARCHAR AS s "
      "FROM range(5000) t(i) ORDER BY i");
  ASSERT_EQ(result["row_count"], 5000);
  EXPECT_EQ(result["truncated"], false);
  for (int i = 0; i < 5000; ++i) {
    const Json& row = result["rows"][i];
    EXPECT_EQ(row[0], i % 3 == 0 ? Json(nullptr) : Json(i)) << i;
    EXPECT_EQ(row[1], std::to_string(i));
  }
}

TEST_F(ValueDecoderTest, RowLimitSetsTruncated) {
  Json limited = QueryJson("SELECT i FROM range(10) t(i) ORDER BY i", 3);
  EXPECT_EQ(limited["rows"], Json::parse("[[0],[1],[2]]"));
  EXPECT_EQ(limited["row_count"], 3);
  EXPECT_EQ(limited["truncated"], true);
  Json exact = QueryJson("SELECT i FROM range(10) t(i)", 10);
  EXPECT_EQ(exact["row_count"], 10);
  EXPECT_EQ(exact["truncated"], false);
  Json empty = QueryJson("SELECT i FROM range(0) t(i)", 0);
  EXPECT_EQ(empty["truncated"], false);
}

TEST_F(ValueDecoderTest, TypedAccessors) {
  LH_ASSERT_OK_AND_ASSIGN(QueryResult result,
                          conn_->Query("SELECT 42::INTEGER, 2.5::DOUBLE, 'hi', NULL::BIGINT, "
                                       "DATE '2024-01-02', 18446744073709551615::UBIGINT"));
  std::optional<DataChunk> chunk = result.NextChunk();
  ASSERT_TRUE(chunk.has_value());
  ASSERT_EQ(chunk->size(), 1u);
  EXPECT_EQ(chunk->GetInt64(0, 0), 42);
  EXPECT_EQ(chunk->GetInt64(1, 0), std::nullopt);  // not an integer column
  EXPECT_EQ(chunk->GetDouble(0, 0), 42.0);
  EXPECT_EQ(chunk->GetDouble(1, 0), 2.5);
  EXPECT_EQ(chunk->GetString(2, 0), "hi");
  EXPECT_TRUE(chunk->IsNull(3, 0));
  EXPECT_FALSE(chunk->IsNull(0, 0));
  EXPECT_EQ(chunk->GetInt64(3, 0), std::nullopt);
  EXPECT_EQ(chunk->GetString(4, 0), "2024-01-02");
  EXPECT_EQ(chunk->GetInt64(5, 0), std::nullopt);  // does not fit int64
  EXPECT_FALSE(result.NextChunk().has_value());
}

}  // namespace
}  // namespace lakehouse
