#include "common/json_float_array.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/json.h"

namespace lakehouse {
namespace {

// Taken: the numbers equal nlohmann's (double, narrowed), and the rest of the document parses to
// the original minus the array.
TEST(TakeFloatArrayFieldTest, TakesTheArrayAndLeavesTheRestParseable) {
  const std::vector<std::string> cases = {
      R"({"vector":[1,2,3]})",
      R"({"index":"a","vector":[0.5,-0.25,1e-3,2E+2,-0,0.1234567890123456789],"k":10})",
      R"(  { "k" : 5 , "vector" : [ 1 , -2.5e-7 ] , "columns" : [] , "filter" : "a = ']' AND b = '{'" }  )",
      R"({"nested":{"vector":[9]},"list":[[1,2],{"x":"]"}],"vector":[3.4028234663852886e38],"t":true,"n":null})",
      "{\"vector\":[1,\n2,\r\n\t3]}",
      R"({"s":"quote \" and backslash \\","vector":[7]})",
  };
  for (const std::string& original : cases) {
    SCOPED_TRACE(original);
    std::string text = original;
    std::optional<std::vector<float>> taken = TakeFloatArrayField(text, "vector");
    ASSERT_TRUE(taken.has_value());
    Json expected = ParseJson(original).value();
    std::vector<float> want;
    for (const Json& x : expected["vector"]) want.push_back(static_cast<float>(x.get<double>()));
    EXPECT_EQ(*taken, want);
    Result<Json> rest = ParseJson(text);
    ASSERT_TRUE(rest.ok()) << text;
    EXPECT_TRUE((*rest)["vector"].is_null());
    expected["vector"] = nullptr;
    EXPECT_EQ(*rest, expected);
  }
}

// Not taken: the text is unchanged, so the caller's ParseJson reports whatever is wrong.
TEST(TakeFloatArrayFieldTest, LeavesEverythingElseToTheParser) {
  const std::vector<std::string> cases = {
      "",
      "[1,2]",
      R"({})",
      R"({"query":"text"})",  // no such field
      R"({"vector":[]})",     // empty
      R"({"vector":null})",
      R"({"vector":"1,2"})",
      R"({"vector":[1,"2"]})",  // not a number
      R"({"vector":[1,[2]]})",
      R"({"vector":[1,2,]})",  // trailing comma
      R"({"vector":[01]})",    // leading zero
      R"({"vector":[+1]})",
      R"({"vector":[.5]})",
      R"({"vector":[1.]})",
      R"({"vector":[1e]})",
      R"({"vector":[NaN]})",
      R"({"vector":[Infinity]})",
      R"({"vector":[1.e5]})",  // std::from_chars reads these; JSON does not
      R"({"vector":[-.5]})",
      R"({"vector":[-01]})",
      R"({"vector":[00]})",
      R"({"vector":[0e]})",
      R"({"vector":[1E+]})",
      R"({"vector":[-inf]})",
      R"({"vector":[nan]})",
      R"({"vector":[0x10]})",
      R"({"vector":[-]})",
      R"({"vector":[1e400]})",                // beyond double: ParseJson decides
      R"({"vector":[1],"vector":[2]})",       // duplicate
      R"({"vect\u006fr":[1],"vector":[2]})",  // an escaped name could be the same key
      R"({"vector":[1]} trailing)",
      R"({"vector":[1])",
      R"({"vector":[1] "k":1})",
      R"({"k":"unterminated,"vector":[1]})",
      R"({"k":{"a":[1,2},"vector":[1]})",
  };
  for (const std::string& original : cases) {
    SCOPED_TRACE(original);
    std::string text = original;
    EXPECT_FALSE(TakeFloatArrayField(text, "vector").has_value());
    EXPECT_EQ(text, original);
  }
}

// A string member is a base64 float32 vector (OpenAI's encoding_format "base64").
TEST(TakeFloatArrayFieldTest, TakesABase64Float32Vector) {
  std::string text = R"({"index":"a","vector":"AACAPwAAAMA=","k":3})";  // [1.0, -2.0]
  std::optional<std::vector<float>> taken = TakeFloatArrayField(text, "vector");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(*taken, (std::vector<float>{1.0f, -2.0f}));
  EXPECT_EQ(ParseJson(text).value(), ParseJson(R"({"index":"a","vector":null,"k":3})").value());

  // Declined (left to the parser and the handler's own checks): empty, not canonical base64, not
  // whole floats, or written with an escape sequence (valid JSON, decoded on the slow path).
  for (const std::string original :
       {R"({"vector":""})", R"({"vector":"AACAPw"})", R"({"vector":"AACAPwA="})",
        R"({"vector":"AACAP\u0077=="})", R"({"vector":"AACAPw==})"}) {
    SCOPED_TRACE(original);
    std::string copy = original;
    EXPECT_FALSE(TakeFloatArrayField(copy, "vector").has_value());
    EXPECT_EQ(copy, original);
  }
}

TEST(TakeFloatArrayFieldTest, ParsesAFullQueryVectorExactlyAsNlohmann) {
  Json body = {{"index", "idx"}, {"k", 10}, {"columns", Json::array()}};
  std::vector<float> vector;
  for (int i = 0; i < 384; ++i) vector.push_back(static_cast<float>(i - 192) / 77.0f);
  body["vector"] = vector;
  std::string text = DumpJson(body);
  std::optional<std::vector<float>> taken = TakeFloatArrayField(text, "vector");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(*taken, vector);  // nlohmann prints floats round-trippably
}

// The fast reader gives exactly nlohmann's double for every shape of number: many digits, leading
// and trailing zeros, large and tiny exponents, zeros of both signs (equal as floats), and random
// floats printed the way encoders print them.
TEST(TakeFloatArrayFieldTest, EveryNumberShapeReadsAsNlohmannReadsIt) {
  std::vector<std::string> numbers = {"0",
                                      "-0",
                                      "0.0",
                                      "-0.0",
                                      "1",
                                      "-1",
                                      "10",
                                      "100.5",
                                      "0.000123",
                                      "-0.0000001",
                                      "123456789012345678",
                                      "1234567890123456789",
                                      "12345678901234567890123",
                                      "0.12345678901234567890123",
                                      "9007199254740993",
                                      "9007199254740992",
                                      "4.9e-324",
                                      "1e22",
                                      "1e23",
                                      "1.5e-22",
                                      "1.5e-23",
                                      "2.2250738585072014e-308",
                                      "1.7976931348623157e308",
                                      "3.4028234663852886e38",
                                      "1E+2",
                                      "1e-0",
                                      "5e-7",
                                      "0e400",
                                      "123.456e-2",
                                      "7.0e1"};
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> wide(-4.0f, 4.0f);
  for (int i = 0; i < 2000; ++i) {
    const float f =
        wide(rng) * std::pow(10.0f, static_cast<float>(static_cast<int>(rng() % 20) - 10));
    numbers.push_back(DumpJson(Json(f)));
    numbers.push_back(DumpJson(Json(static_cast<double>(f))));
  }
  for (const std::string& number : numbers) {
    std::string text = "{\"vector\":[" + number + "]}";
    std::optional<std::vector<float>> taken = TakeFloatArrayField(text, "vector");
    ASSERT_TRUE(taken.has_value()) << number;
    const double want = ParseJson(number).value().get<double>();
    EXPECT_EQ((*taken)[0], static_cast<float>(want)) << number;
  }
}

// The batch form: every row equals nlohmann's reading, and the rest still parses.
TEST(TakeFloatArraysFieldTest, TakesEveryRow) {
  const std::vector<std::string> cases = {
      R"({"vectors":[[1,2,3]]})",
      R"({"index":"a","vectors":[[0.5,-0.25],[1e-3,2E+2,-0]],"k":10})",
      R"( { "vectors" : [ [ 1 ] , [ -2.5e-7 , 3 ] ] , "filter" : "x = ']]'" } )",
  };
  for (const std::string& original : cases) {
    SCOPED_TRACE(original);
    std::string text = original;
    std::optional<std::vector<std::vector<float>>> taken = TakeFloatArraysField(text, "vectors");
    ASSERT_TRUE(taken.has_value());
    Json expected = ParseJson(original).value();
    std::vector<std::vector<float>> want;
    for (const Json& row : expected["vectors"]) {
      want.emplace_back();
      for (const Json& x : row) want.back().push_back(static_cast<float>(x.get<double>()));
    }
    EXPECT_EQ(*taken, want);
    Result<Json> rest = ParseJson(text);
    ASSERT_TRUE(rest.ok()) << text;
    expected["vectors"] = nullptr;
    EXPECT_EQ(*rest, expected);
  }
}

TEST(TakeFloatArraysFieldTest, RowsMayBeBase64) {
  std::string text = R"({"vectors":["AACAPwAAAMA=",[3,4]],"k":1})";
  std::optional<std::vector<std::vector<float>>> taken = TakeFloatArraysField(text, "vectors");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(*taken, (std::vector<std::vector<float>>{{1.0f, -2.0f}, {3.0f, 4.0f}}));
  std::string bad = R"({"vectors":["AACAPwAAAMA=","AACA"]})";  // 3 bytes: not a float
  EXPECT_FALSE(TakeFloatArraysField(bad, "vectors").has_value());
}

TEST(TakeFloatArraysFieldTest, LeavesOtherShapesToTheParser) {
  const std::vector<std::string> cases = {
      R"({"vectors":[]})",
      R"({"vectors":[[]]})",
      R"({"vectors":[1,2]})",
      R"({"vectors":[[1],2]})",
      R"({"vectors":[[1],["x"]]})",
      R"({"vectors":[[1],[2]})",
      R"({"vectors":[[1]],"vectors":[[2]]})",
      R"({"vectors":[[1,]]})",
      R"({"other":[[1]]})",
      R"({"vectors":[[1]]} trailing)",
  };
  for (const std::string& original : cases) {
    SCOPED_TRACE(original);
    std::string text = original;
    EXPECT_FALSE(TakeFloatArraysField(text, "vectors").has_value());
    EXPECT_EQ(text, original);
  }
}

}  // namespace
}  // namespace lakehouse
