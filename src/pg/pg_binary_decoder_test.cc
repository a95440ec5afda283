// Binary COPY decoding: hand-built messages (signature, rows, NULLs, trailer) appended into an
// in-memory DuckDB table and read back as text.
#include "pg/pg_binary_decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "sql/database.h"
#include "sql/result_json.h"

namespace lakehouse {
namespace {

std::string Be16(uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }
std::string Be32(uint32_t v) { return Be16(v >> 16) + Be16(v & 0xffff); }
std::string Be64(uint64_t v) { return Be32(v >> 32) + Be32(v & 0xffffffff); }
std::string Field(const std::string& bytes) { return Be32(bytes.size()) + bytes; }
std::string Header() { return std::string("PGCOPY\n\377\r\n\0", 11) + Be32(0) + Be32(0); }

// numeric: ndigits, weight, sign, dscale, base-10000 digits.
std::string Numeric(std::vector<uint16_t> digits, int16_t weight, uint16_t sign, int16_t dscale) {
  std::string out = Be16(digits.size()) + Be16(weight) + Be16(sign) + Be16(dscale);
  for (uint16_t d : digits) out += Be16(d);
  return out;
}

TEST(PgBinaryDecoderTest, NumericText) {
  EXPECT_EQ(*PgNumericToString(Numeric({1234, 5678}, 0, 0, 4)), "1234.5678");
  EXPECT_EQ(*PgNumericToString(Numeric({12, 3400}, 1, 0x4000, 2)), "-123400.00");
  EXPECT_EQ(*PgNumericToString(Numeric({500}, -1, 0, 3)), "0.050");
  EXPECT_EQ(*PgNumericToString(Numeric({}, 0, 0, 2)), "0.00");
  EXPECT_EQ(*PgNumericToString(Numeric({1}, 2, 0, 0)), "100000000");
  EXPECT_EQ(*PgNumericToString(Numeric({}, 0, 0xC000, 0)), "NaN");
  EXPECT_EQ(*PgNumericToString(Numeric({}, 0, 0xF000, 0)), "-Infinity");
  EXPECT_FALSE(PgNumericToString("abc").ok());
}

TEST(PgBinaryDecoderTest, NumericToScaledInteger) {
  struct Case {
    std::string bytes;
    int scale;
    int max_digits;
    std::optional<int64_t> expected;
  };
  const std::vector<Case> cases = {
      {Numeric({1234, 5678}, 0, 0, 4), 4, 18, 12345678},              // 1234.5678
      {Numeric({1234, 5600}, 0, 0, 2), 2, 18, 123456},                // 1234.56
      {Numeric({12, 3400}, 1, 0x4000, 2), 2, 18, -12340000},          // -123400.00
      {Numeric({500}, -1, 0, 3), 3, 18, 50},                          // 0.050
      {Numeric({}, 0, 0, 2), 2, 18, 0},                               // 0.00
      {Numeric({1}, 2, 0, 0), 0, 18, 100000000},                      // 10^8
      {Numeric({1}, 2, 0, 0), 2, 9, std::nullopt},                    // 10^10 ≥ 10^9
      {Numeric({1234, 5678}, 0, 0, 4), 2, 18, std::nullopt},          // more fractional digits
      {Numeric({1, 0, 0, 0, 0}, 4, 0, 0), 0, 18, 10000000000000000},  // 10^16
      {Numeric({}, 0, 0xC000, 0), 2, 18, std::nullopt},               // NaN
      {Numeric({9999, 9999, 9999, 9999, 99}, 4, 0x4000, 0), 0, 18,
       std::nullopt},  // ≈ 10^20 ≥ 10^18
      {Numeric({99, 9999, 9999, 9999, 9999}, 4, 0, 0), 0, 18, 999999999999999999},
  };
  for (const Case& c : cases) {
    auto scaled = PgNumericToScaled(c.bytes, c.scale, c.max_digits);
    ASSERT_TRUE(scaled.ok()) << *PgNumericToString(c.bytes);
    ASSERT_EQ(scaled->has_value(), c.expected.has_value()) << *PgNumericToString(c.bytes);
    if (c.expected) {
      EXPECT_EQ(static_cast<int64_t>(**scaled), *c.expected);
    }
  }
  EXPECT_FALSE(PgNumericToScaled("abc", 2, 18).ok());
}

// The arithmetic fast path and the text fallback both give strtod's correctly rounded double.
TEST(PgBinaryDecoderTest, NumericToDoubleMatchesStrtod) {
  const std::vector<std::string> values = {
      Numeric({1234, 5678}, 0, 0, 4),
      Numeric({12, 3400}, 1, 0x4000, 2),
      Numeric({500}, -1, 0, 3),
      Numeric({}, 0, 0, 2),
      Numeric({1}, 2, 0, 0),
      Numeric({3333}, -1, 0, 4),
      Numeric({1, 2, 3, 4, 5, 6}, 3, 0, 8),  // 24 digits: through the text
      Numeric({7}, -8, 0, 32),               // 10^-29: through the text
      Numeric({9007, 1992, 5474, 993}, 3, 0, 0)};
  for (const std::string& v : values) {
    const std::string text = *PgNumericToString(v);
    EXPECT_EQ(*PgNumericToDouble(v), std::strtod(text.c_str(), nullptr)) << text;
  }
  EXPECT_TRUE(std::isnan(*PgNumericToDouble(Numeric({}, 0, 0xC000, 0))));
  EXPECT_EQ(*PgNumericToDouble(Numeric({}, 0, 0xF000, 0)),
            -std::numeric_limits<double>::infinity());
}

TEST(PgBinaryDecoderTest, ArraysAsJson) {
  std::string ints = Be32(1) + Be32(1) + Be32(23) + Be32(3) + Be32(1) + Field(Be32(7)) +
                     Be32(0xffffffff) + Field(Be32(static_cast<uint32_t>(-2)));
  EXPECT_EQ(*PgArrayToJson(ints, PgValueKind::kInt4), "[7,null,-2]");
  std::string empty = Be32(0) + Be32(0) + Be32(25);
  EXPECT_EQ(*PgArrayToJson(empty, PgValueKind::kText), "[]");
  std::string dates = Be32(1) + Be32(0) + Be32(1082) + Be32(1) + Be32(1) + Field(Be32(8766));
  EXPECT_EQ(*PgArrayToJson(dates, PgValueKind::kDate), "[\"2024-01-01\"]");
}

TEST(PgBinaryDecoderTest, DecodesRowsIntoTheAppender) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  std::vector<PgColumnMapping> columns = {
      MapPgColumn("i", 23, -1),
      MapPgColumn("b", 20, -1),
      MapPgColumn("t", 25, -1),
      MapPgColumn("d", 1082, -1),
      MapPgColumn("ts", 1114, -1),
      MapPgColumn("f", 701, -1),
      MapPgColumn("n", 1700, ((10 << 16) | 2) + 4),
      MapPgColumn("u", 2950, -1),
      MapPgColumn("iv", 1186, -1),
      MapPgColumn("ok", 16, -1),
      MapPgColumn("j", 3802, -1),
      MapPgColumn("tm", 1083, -1),
  };
  std::string ddl = "CREATE TABLE t (";
  for (size_t i = 0; i < columns.size(); ++i) {
    ddl += (i ? ", " : "") + columns[i].name + " " + columns[i].staged_type;
  }
  ASSERT_TRUE(conn.Execute(ddl + ")").ok());
  ChunkAppender app =
      std::move(ChunkAppender::Create(std::move(conn.CreateAppender("t").value())).value());

  double pi = 3.5;
  uint64_t pi_bits;
  std::memcpy(&pi_bits, &pi, 8);
  std::string uuid("\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11", 16);
  std::string row1 = Be16(12) + Field(Be32(42)) + Field(Be64(1ull << 40)) + Field("héllo") +
                     Field(Be32(8766)) +                                // 2024-01-01
                     Field(Be64(8766ull * 86400000000 + 3723000001)) +  // 01:02:03.000001
                     Field(Be64(pi_bits)) + Field(Numeric({12, 3456}, 1, 0x4000, 2)) + Field(uuid) +
                     Field(Be64(5000000) + Be32(3) + Be32(14)) + Field(std::string(1, '\0')) +
                     Field("\x01{\"a\": 1}") + Field(Be64(45296000000));  // 12:34:56
  std::string row2 = Be16(12);
  for (int i = 0; i < 12; ++i) row2 += Be32(0xffffffff);
  PgRowDecoder decoder(columns);
  Result<int64_t> first = decoder.AppendMessage(Header() + row1, app);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(*decoder.AppendMessage(row2, app), 1);
  EXPECT_EQ(*decoder.AppendMessage(Be16(0xffff), app), 0);
  EXPECT_TRUE(decoder.finished());
  ASSERT_TRUE(app.Close().ok());

  QueryResult r =
      std::move(conn.Query("SELECT COLUMNS(*)::VARCHAR FROM t ORDER BY i NULLS LAST").value());
  Json rows = ResultToJson(r)["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], Json::parse(R"(["42","1099511627776","héllo","2024-01-01",
      "2024-01-01 01:02:03.000001","3.5","-123456.00","a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
      "1 year 2 months 3 days 00:00:05","false","{\"a\": 1}","12:34:56"])"));
  for (const Json& v : rows[1]) EXPECT_TRUE(v.is_null());
}

TEST(PgBinaryDecoderTest, RefusesMalformedMessages) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  ASSERT_TRUE(conn.Execute("CREATE TABLE t (i INTEGER)").ok());
  ChunkAppender app =
      std::move(ChunkAppender::Create(std::move(conn.CreateAppender("t").value())).value());
  PgRowDecoder no_header({MapPgColumn("i", 23, -1)});
  EXPECT_EQ(no_header.AppendMessage("garbage", app).status().code(), StatusCode::kDataLoss);
  PgRowDecoder wrong_width({MapPgColumn("i", 23, -1)});
  Result<int64_t> r = wrong_width.AppendMessage(Header() + Be16(2) + Field(Be32(1)), app);
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  PgRowDecoder truncated({MapPgColumn("i", 23, -1)});
  r = truncated.AppendMessage(Header() + Be16(1) + Be32(4) + "ab", app);
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace lakehouse
