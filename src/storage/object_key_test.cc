#include "storage/object_key.h"

#include <gtest/gtest.h>

#include <string>

namespace lakehouse {
namespace {

struct KeyCase {
  std::string input;
  bool valid;
  std::string normal;       // when valid
  std::string reason_part;  // when invalid: a substring of the message
};

std::ostream& operator<<(std::ostream& out, const KeyCase& c) {
  return out << '"' << c.input << '"';
}

class ValidateObjectKeyTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(ValidateObjectKeyTest, Table) {
  const KeyCase& c = GetParam();
  Result<std::string> result = ValidateObjectKey(c.input);
  if (c.valid) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(*result, c.normal);
  } else {
    ASSERT_FALSE(result.ok()) << "accepted as " << *result;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find(c.reason_part), std::string::npos)
        << result.status().message();
  }
}

const std::string kLongSegment(300, 'x');
const std::string kMaxKey = [] {
  std::string key;
  while (key.size() + 101 <= kMaxObjectKeyBytes) key += std::string(100, 'k') + "/";
  key += std::string(kMaxObjectKeyBytes - key.size(), 'z');
  return key;
}();

INSTANTIATE_TEST_SUITE_P(
    Keys, ValidateObjectKeyTest,
    ::testing::Values(
        // Accepted, normalised.
        KeyCase{"a", true, "a", ""}, KeyCase{"a/b/c.parquet", true, "a/b/c.parquet", ""},
        KeyCase{"./a", true, "a", ""}, KeyCase{"a//b", true, "a/b", ""},
        KeyCase{"a/./b", true, "a/b", ""}, KeyCase{"a///./././b", true, "a/b", ""},
        KeyCase{"a/%2e%2e/b", true, "a/%2e%2e/b", ""}, KeyCase{"...", true, "...", ""},
        KeyCase{"a/..b/c..", true, "a/..b/c..", ""}, KeyCase{".hidden", true, ".hidden", ""},
        KeyCase{"caf\xC3\xA9/\xE2\x82\xAC/\xF0\x9F\x98\x80", true,
                "caf\xC3\xA9/\xE2\x82\xAC/\xF0\x9F\x98\x80", ""},
        KeyCase{"with space/and:colon", true, "with space/and:colon", ""},
        KeyCase{kMaxKey, true, kMaxKey, ""},
        // Traversal and absolute paths.
        KeyCase{"../x", false, "", "'..'"}, KeyCase{"a/../../x", false, "", "'..'"},
        KeyCase{"a/..", false, "", "'..'"}, KeyCase{"..", false, "", "'..'"},
        KeyCase{"/etc/passwd", false, "", "relative"}, KeyCase{"/", false, "", "relative"},
        KeyCase{"a\\..\\b", false, "", "backslash"}, KeyCase{"a\\b", false, "", "backslash"},
        // Characters.
        KeyCase{std::string("a\0b", 3), false, "", "NUL"}, KeyCase{"a\nb", false, "", "U+000A"},
        KeyCase{"a\tb", false, "", "control"}, KeyCase{"a\x7F", false, "", "U+007F"},
        KeyCase{"a\xC2\x85", false, "", "U+0085"}, KeyCase{"bad\xFF", false, "", "UTF-8"},
        KeyCase{"\xC0\xAF", false, "", "UTF-8"}, KeyCase{"\xED\xA0\x80", false, "", "UTF-8"},
        KeyCase{"trunc\xE2\x82", false, "", "UTF-8"},
        KeyCase{"\xF4\x90\x80\x80", false, "", "UTF-8"},
        // Shape.
        KeyCase{"", false, "", "empty"}, KeyCase{".", false, "", "names no object"},
        KeyCase{"./", false, "", "names no object"}, KeyCase{"a/", false, "", "directory"},
        KeyCase{kMaxKey + "z", false, "", "limit is 1024"},
        KeyCase{std::string(5000, 'a'), false, "", "limit is 1024"},
        KeyCase{"a/" + kLongSegment, false, "", "segment"},
        KeyCase{"a/.lh-tmp.123", false, "", "reserved"}));

TEST(ValidateKeyPrefixTest, KeepsTrailingSlashAndAllowsEmpty) {
  EXPECT_EQ(*ValidateKeyPrefix(""), "");
  EXPECT_EQ(*ValidateKeyPrefix("logs/"), "logs/");
  EXPECT_EQ(*ValidateKeyPrefix("logs//"), "logs/");
  EXPECT_EQ(*ValidateKeyPrefix("./a/./"), "a/");
  EXPECT_EQ(*ValidateKeyPrefix("a/b"), "a/b");
  EXPECT_EQ(*ValidateKeyPrefix("a/."), "a/.");
  EXPECT_EQ(*ValidateKeyPrefix("."), ".");
  EXPECT_EQ(ValidateKeyPrefix("../").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateKeyPrefix("/etc").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateKeyPrefix("a\nb").status().code(), StatusCode::kInvalidArgument);
}

// Found by fuzz/object_key_fuzzer: a prefix one byte over the limit ending in "/." was accepted —
// its head (within the limit) was normalised and the "." put back.
TEST(ValidateKeyPrefixTest, APrefixEndingInSlashDotIsHeldToTheLimit) {
  std::string head;
  while (head.size() < kMaxObjectKeyBytes) head += "abc/";
  head.resize(kMaxObjectKeyBytes);  // "abc/…abc/", exactly the limit
  ASSERT_EQ(head.back(), '/');
  ASSERT_TRUE(ValidateKeyPrefix(head).ok());
  EXPECT_EQ(ValidateKeyPrefix(head + ".").status().code(), StatusCode::kInvalidArgument);
  head.resize(kMaxObjectKeyBytes - 1 - 3);  // room for "ab/."
  head += "ab/.";
  Result<std::string> at_limit = ValidateKeyPrefix(head);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_EQ(at_limit->size(), head.size());
}

TEST(IsValidUtf8Test, Basics) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));  // overlong
}

}  // namespace
}  // namespace lakehouse
