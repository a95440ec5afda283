#include "common/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace lakehouse {
namespace {

std::string Written(const std::function<void(JsonWriter&)>& write) {
  std::string out;
  JsonWriter w(&out);
  write(w);
  return out;
}

TEST(JsonWriterTest, StringsAreEscapedExactlyAsDumpJson) {
  std::vector<std::string> cases = {
      "",
      "plain ascii",
      "quote \" backslash \\ slash /",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "\x01\x1f\x7f",
      "中文 日本語 한국어",
      "emoji 😀 and é",
      "\xEF\xBF\xBD",      // U+FFFD itself
      "\xF4\x8F\xBF\xBF",  // U+10FFFF
  };
  for (int c = 0; c < 0x80; ++c) cases.emplace_back(1, static_cast<char>(c));
  // Special bytes at every offset of strings longer than the 16-byte fast scan.
  for (const std::string special : {"\"", "\\", "\n", "\x01", "\x7f", "é", "😀"}) {
    for (size_t at = 0; at <= 40; ++at) {
      std::string s(40, 'a');
      s.insert(at, special);
      cases.push_back(s);
      cases.push_back(s + special + s);
    }
  }
  for (const std::string& s : cases) {
    SCOPED_TRACE(s);
    EXPECT_EQ(Written([&](JsonWriter& w) { w.String(s); }), DumpJson(Json(s)));
  }
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacters) {
  for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF5\x80\x80\x80", "ab\xE2\x82",
                                "\x80", "x\xFFy", "\xF0\x8F\xBF\xBF"}) {
    std::string text = Written([&](JsonWriter& w) { w.String(bad); });
    Result<Json> parsed = ParseJson(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_NE(parsed->get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << text;
  }
  EXPECT_EQ(Written([](JsonWriter& w) { w.String("x\xFFy"); }), "\"x\xEF\xBF\xBDy\"");
  const std::string long_plain(37, 'p');
  EXPECT_EQ(Written([&](JsonWriter& w) { w.String(long_plain + "\xFF" + long_plain); }),
            "\"" + long_plain + "\xEF\xBF\xBD" + long_plain + "\"");
}

TEST(JsonWriterTest, FloatsAreShortestAndRoundTrip) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  for (int i = 0; i < 2000; ++i) {
    const float f =
        i < 1000 ? dist(rng) : std::ldexp(dist(rng), static_cast<int>(rng() % 200) - 100);
    std::string text = Written([&](JsonWriter& w) { w.Float(f); });
    Result<Json> parsed = ParseJson(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(static_cast<float>(parsed->get<double>()), f) << text;
  }
  EXPECT_EQ(Written([](JsonWriter& w) { w.Float(0.1f); }), "0.1");
  EXPECT_EQ(Written([](JsonWriter& w) { w.Float(1.0f); }), "1");
  EXPECT_EQ(Written([](JsonWriter& w) { w.Double(0.1); }), "0.1");
  EXPECT_EQ(Written([](JsonWriter& w) { w.Double(1e300); }), "1e+300");
  EXPECT_EQ(Written([](JsonWriter& w) { w.Float(std::numeric_limits<float>::quiet_NaN()); }),
            "null");
  EXPECT_EQ(Written([](JsonWriter& w) { w.Double(-std::numeric_limits<double>::infinity()); }),
            "null");
  EXPECT_EQ(Written([](JsonWriter& w) { w.Int(std::numeric_limits<int64_t>::min()); }),
            "-9223372036854775808");
}

TEST(JsonWriterTest, NestedDocumentsParseToWhatWasWritten) {
  const Json row = {{"id", 7}, {"tags", {"a", "b"}}, {"nested", {{"x", nullptr}}}};
  std::string text = Written([&](JsonWriter& w) {
    w.BeginObject();
    w.Key("empty_object").BeginObject().EndObject();
    w.Key("empty_array").BeginArray().EndArray();
    w.Key("list").BeginArray();
    for (int i = 0; i < 3; ++i) {
      w.BeginObject().Key("i").Int(i).Key("ok").Bool(i % 2 == 0).Key("none").Null().EndObject();
    }
    w.BeginArray().Int(1).BeginArray().EndArray().EndArray();
    w.EndArray();
    w.Key("row").Value(row);
    w.Key("k\"ey").String("v");
    w.EndObject();
  });
  Json expected = {{"empty_object", Json::object()},
                   {"empty_array", Json::array()},
                   {"list",
                    {{{"i", 0}, {"ok", true}, {"none", nullptr}},
                     {{"i", 1}, {"ok", false}, {"none", nullptr}},
                     {{"i", 2}, {"ok", true}, {"none", nullptr}},
                     {1, Json::array()}}},
                   {"row", row},
                   {"k\"ey", "v"}};
  Result<Json> parsed = ParseJson(text);
  ASSERT_TRUE(parsed.ok()) << text;
  EXPECT_EQ(*parsed, expected) << text;
}

}  // namespace
}  // namespace lakehouse
