#include "common/strings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lakehouse {
namespace {

TEST(StringsTest, AsciiLowerFoldsOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("MiXeD_09-Z"), "mixed_09-z");
  EXPECT_EQ(AsciiLower("ÄBC"), "Äbc");  // UTF-8 bytes untouched
  EXPECT_EQ(AsciiLower(""), "");
}

TEST(StringsTest, EqualsIgnoreAsciiCase) {
  EXPECT_TRUE(EqualsIgnoreAsciiCase("Content-Type", "content-type"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("abc", "abd"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("abc", "ab"));
}

TEST(StringsTest, XmlEscapedWritesTheFourSpecialCharactersAsEntities) {
  EXPECT_EQ(XmlEscaped(R"(<a href="x">&</a>)"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(XmlEscaped("plain 'text'"), "plain 'text'");
}

TEST(StringsTest, StrJoin) {
  EXPECT_EQ(StrJoin(std::vector<std::string>{"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(StrJoin(std::vector<std::string_view>{"x"}, "|"), "x");
  EXPECT_EQ(StrJoin(std::vector<std::string>{}, ","), "");
}

TEST(StringsTest, ParseInt64AcceptsExactlyADecimalInteger) {
  EXPECT_EQ(ParseInt64("0"), 0);
  EXPECT_EQ(ParseInt64("-42"), -42);
  EXPECT_EQ(ParseInt64("9223372036854775807"), INT64_MAX);
  for (std::string_view bad : {"", "+1", " 1", "1 ", "1x", "0x10", "9223372036854775808", "-"}) {
    EXPECT_EQ(ParseInt64(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace lakehouse
