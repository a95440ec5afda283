#include "common/json.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(JsonTest, ParsesValidAndRejectsMalformed) {
  auto ok = ParseJson(R"({"a": 1})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["a"], 1);
  auto bad = ParseJson("{\"a\": ");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("malformed JSON"), std::string::npos);
}

TEST(JsonTest, DeepNestingIsRefusedBeforeParsing) {
  const int kDeep = 66'000;  // the campaign's crashing body: `params` nested ~66K deep
  std::string deep = std::string(kDeep, '[') + std::string(kDeep, ']');
  auto refused = ParseJson(R"({"sql": "SELECT 1", "params": )" + deep + "}", kMaxRequestJsonDepth);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("nested deeper than 64"), std::string::npos);
  EXPECT_FALSE(ParseJson(std::string(kDeep, '{') + std::string(kDeep, '}')).ok());
  // Exactly at the limit parses; brackets inside strings do not count.
  std::string at_limit = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(ParseJson(at_limit, kMaxRequestJsonDepth).ok());
  EXPECT_FALSE(ParseJson("[" + at_limit + "]", kMaxRequestJsonDepth).ok());
  EXPECT_TRUE(ParseJson(R"(["[[[[\"{{{{"])", 2).ok());
}

TEST(JsonTest, NumbersOutsideDoubleRangeAreInvalidArguments) {
  for (const char* text : {"1e400", "-1e400", R"({"limit": 1e999})", "[1E+500]"}) {
    auto parsed = ParseJson(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
  }
  EXPECT_TRUE(ParseJson("1e300").ok());
}

TEST(JsonTest, BytesAfterANulAreNotIgnored) {
  using std::string_literals::operator""s;
  auto parsed = ParseJson("{\"a\": 1}\0{\"b\": 2}"s);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("NUL byte at offset 8"), std::string::npos);
  EXPECT_FALSE(ParseJson("{\"a\": 1}\0"s).ok());
}

TEST(JsonTest, UnknownFieldsAreNamed) {
  Json body = {{"sql", "SELECT 1"}, {"limt", 5}};
  Status s = RejectUnknownFields(body, {"sql", "limit"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("unknown field 'limt'"), std::string::npos) << s.message();
  EXPECT_NE(RejectUnknownFields(Json{{"x", 1}}, {"m"}, "hnsw.").message().find("'hnsw.x'"),
            std::string::npos);
  EXPECT_TRUE(RejectUnknownFields(Json{{"sql", "x"}}, {"sql", "limit"}).ok());
  EXPECT_TRUE(RejectUnknownFields(Json::array(), {"sql"}).ok());
}

TEST(JsonTest, TypedFieldsNameTheField) {
  Json body = {{"name", "x"}, {"n", "not-a-number"}, {"flag", true}};
  EXPECT_EQ(*RequiredString(body, "name"), "x");
  auto missing = RequiredString(body, "other");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'other'"), std::string::npos);
  auto wrong = OptionalInt(body, "n");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("'n' must be an integer"), std::string::npos);
  EXPECT_EQ(**OptionalBool(body, "flag"), true);
  EXPECT_FALSE(OptionalInt(body, "absent")->has_value());
  EXPECT_FALSE(RequiredString(Json::array(), "x").ok());
}

TEST(JsonTest, DumpReplacesInvalidUtf8) {
  Json v = std::string(
      "a\xff"
      "b");
  EXPECT_EQ(DumpJson(v),
            "\"a\xEF\xBF\xBD"
            "b\"");
}

}  // namespace
}  // namespace lakehouse
