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
  Json v = std::string("a\xff" "b");
  EXPECT_EQ(DumpJson(v), "\"a\xEF\xBF\xBD" "b\"");
}

}  // namespace
}  // namespace lakehouse
