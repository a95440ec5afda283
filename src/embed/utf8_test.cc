#include "embed/utf8.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(Utf8Test, DecodesValidSequences) {
  EXPECT_EQ(DecodeUtf8("a", 0).code_point, U'a');
  EXPECT_EQ(DecodeUtf8("é", 0).code_point, U'é');
  EXPECT_EQ(DecodeUtf8("中", 0).length, 3);
  const DecodedCodePoint emoji = DecodeUtf8("😀", 0);
  EXPECT_TRUE(emoji.valid);
  EXPECT_EQ(emoji.code_point, U'😀');
  EXPECT_EQ(emoji.length, 4);
}

TEST(Utf8Test, RejectsMalformedSequences) {
  for (const char* bad : {"\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xF0\x9F\x98", "\xFF"}) {
    const DecodedCodePoint d = DecodeUtf8(bad, 0);
    EXPECT_FALSE(d.valid) << bad;
    EXPECT_EQ(d.length, 1);
  }
}

TEST(Utf8Test, SanitizeReplacesEachInvalidByte) {
  EXPECT_EQ(SanitizeUtf8("plain"), "plain");
  EXPECT_EQ(SanitizeUtf8("a\xF0\x9F\x98"
                         "b"),
            "a\uFFFD\uFFFD\uFFFD"
            "b");
  EXPECT_EQ(CountCodePoints("a\xF0\x9F\x98"
                            "b"),
            5);
  EXPECT_EQ(CountCodePoints("😀中é"), 3);
}

TEST(Utf8Test, AppendRoundTrips) {
  for (char32_t cp : {U'a', U'é', U'中', U'😀', char32_t{0x10FFFF}}) {
    std::string s;
    AppendUtf8(cp, &s);
    EXPECT_EQ(DecodeUtf8(s, 0).code_point, cp);
    EXPECT_EQ(static_cast<size_t>(DecodeUtf8(s, 0).length), s.size());
  }
}

TEST(Utf8Test, Whitespace) {
  EXPECT_TRUE(IsUnicodeWhitespace(U' '));
  EXPECT_TRUE(IsUnicodeWhitespace(U'\n'));
  EXPECT_TRUE(IsUnicodeWhitespace(0x3000));
  EXPECT_TRUE(IsUnicodeWhitespace(0xA0));
  EXPECT_FALSE(IsUnicodeWhitespace(U'x'));
  EXPECT_FALSE(IsUnicodeWhitespace(U'中'));
}

}  // namespace
}  // namespace lakehouse
