#include "sql/value_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace lakehouse::sql_detail {
namespace {

TEST(ValueFormatTest, Dates) {
  EXPECT_EQ(FormatIsoDate(0), "1970-01-01");
  EXPECT_EQ(FormatIsoDate(19782), "2024-02-29");
  EXPECT_EQ(FormatIsoDate(-1), "1969-12-31");
  EXPECT_EQ(FormatIsoDate(-719528), "0000-01-01");
  EXPECT_EQ(FormatIsoDate(-719529), "-0001-12-31");
  EXPECT_EQ(FormatIsoDate(2932897), "+10000-01-01");
}

TEST(ValueFormatTest, TimesAndTimestamps) {
  EXPECT_EQ(FormatIsoTime(0, 1'000'000), "00:00:00");
  EXPECT_EQ(FormatIsoTime(49'507'250'000, 1'000'000), "13:45:07.25");
  EXPECT_EQ(FormatIsoTime(1, 1'000'000'000), "00:00:00.000000001");
  EXPECT_EQ(FormatIsoTimestamp(0, 1'000'000, false), "1970-01-01T00:00:00");
  EXPECT_EQ(FormatIsoTimestamp(-1, 1'000'000, false), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(FormatIsoTimestamp(1'709'214'307'123'456, 1'000'000, true),
            "2024-02-29T13:45:07.123456Z");
  EXPECT_EQ(FormatIsoTimestamp(1'709'214'307, 1, false), "2024-02-29T13:45:07");
  EXPECT_EQ(FormatIsoTimestamp(1'500, 1000, false), "1970-01-01T00:00:01.5");
  EXPECT_EQ(FormatIsoTimeTz(49'507'000'000, 5 * 3600 + 30 * 60), "13:45:07+05:30");
  EXPECT_EQ(FormatIsoTimeTz(0, -3600), "00:00:00-01:00");
}

TEST(ValueFormatTest, Intervals) {
  EXPECT_EQ(FormatIsoInterval(0, 0, 0), "PT0S");
  EXPECT_EQ(FormatIsoInterval(14, 3, 14'706'500'000), "P1Y2M3DT4H5M6.5S");
  EXPECT_EQ(FormatIsoInterval(0, -1, 0), "P-1D");
  EXPECT_EQ(FormatIsoInterval(0, 0, -500'000), "PT-0.5S");
  EXPECT_EQ(FormatIsoInterval(0, 0, 60'000'000), "PT1M");
}

TEST(ValueFormatTest, UuidAndHugeIntegers) {
  // DuckDB stores UUIDs with the top bit of the upper half flipped.
  EXPECT_EQ(
      FormatUuid(static_cast<int64_t>(0x3f2b8c1e12344abcULL ^ (1ULL << 63)), 0x8def0123456789abULL),
      "3f2b8c1e-1234-4abc-8def-0123456789ab");
  EXPECT_EQ(Int128ToString(0), "0");
  EXPECT_EQ(Int128ToString(-42), "-42");
  __int128 min = static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
  EXPECT_EQ(Int128ToString(min), "-170141183460469231731687303715884105728");
  EXPECT_EQ(UInt128ToString(~static_cast<unsigned __int128>(0)),
            "340282366920938463463374607431768211455");
}

}  // namespace
}  // namespace lakehouse::sql_detail
