#include "mysql/mysql_value_decoder.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(MysqlValueDecoderTest, DecimalsAreExact) {
  EXPECT_EQ(ParseMysqlDecimal("-123.4500", 4), __int128{-1234500});
  EXPECT_EQ(ParseMysqlDecimal("12", 2), __int128{1200});
  EXPECT_EQ(ParseMysqlDecimal("0.0000000000", 10), __int128{0});
  // DECIMAL(38,10) at its most negative: 28 integer digits and 10 fraction digits.
  __int128 expected = 0;
  for (int i = 0; i < 38; ++i) expected = expected * 10 + 9;
  EXPECT_EQ(ParseMysqlDecimal("-9999999999999999999999999999.9999999999", 10), -expected);
  EXPECT_EQ(ParseMysqlDecimal("1.234", 2), std::nullopt);  // more digits than the scale
  EXPECT_EQ(ParseMysqlDecimal("99999999999999999999999999999999999999.9", 1), std::nullopt);
  EXPECT_EQ(ParseMysqlDecimal("1e5", 0), std::nullopt);
  EXPECT_EQ(ParseMysqlDecimal("", 0), std::nullopt);
  EXPECT_EQ(ParseMysqlDecimal("-", 0), std::nullopt);
}

TEST(MysqlValueDecoderTest, DatesZeroDatesAndTimes) {
  auto epoch = ParseMysqlDate("1970-01-01");
  ASSERT_TRUE(epoch);
  EXPECT_FALSE(epoch->zero);
  EXPECT_EQ(epoch->days, 0);
  EXPECT_EQ(ParseMysqlDate("2000-03-01")->days, 11017);
  EXPECT_TRUE(ParseMysqlDate("0000-00-00")->zero);
  EXPECT_TRUE(ParseMysqlDate("2021-00-15")->zero);
  EXPECT_TRUE(ParseMysqlDate("2021-02-29")->zero);  // ALLOW_INVALID_DATES
  EXPECT_FALSE(ParseMysqlDate("2020-02-29")->zero);
  EXPECT_FALSE(ParseMysqlDate("2020-2-29"));
  auto ts = ParseMysqlDateTime("2024-01-02 03:04:05.123456");
  ASSERT_TRUE(ts);
  EXPECT_EQ(ts->micros, 1704164645123456);
  EXPECT_EQ(ParseMysqlDateTime("1970-01-01 00:00:00.5")->micros, 500000);
  EXPECT_TRUE(ParseMysqlDateTime("0000-00-00 00:00:00")->zero);
  EXPECT_FALSE(ParseMysqlDateTime("2024-01-02T03:04:05"));
  EXPECT_EQ(ParseMysqlTime("-838:59:59.000000"), -int64_t{3020399} * 1000000);
  EXPECT_EQ(ParseMysqlTime("12:00:00.5"), int64_t{43200500000});
  EXPECT_EQ(ParseMysqlTime("00:00:00"), 0);
  EXPECT_FALSE(ParseMysqlTime("1:2:3"));
}

}  // namespace
}  // namespace lakehouse
