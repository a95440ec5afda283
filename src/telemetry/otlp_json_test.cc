#include "telemetry/otlp_json.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

SpanData Example() {
  SpanData span;
  span.context = *ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  span.parent_span_id = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  span.name = "POST /query/sql";
  span.kind = SpanKind::kServer;
  span.start_unix_nano = 1700000000123456789;
  span.end_unix_nano = 1700000000223456789;
  span.attributes = {{"http.route", std::string("/query/sql")},
                     {"http.response.status_code", int64_t{200}},
                     {"ratio", 0.5},
                     {"cached", true}};
  return span;
}

TEST(OtlpJsonTest, EncodesASpanAsTheJsonMappingOfTheProto) {
  Json span = SpanToOtlpJson(Example());
  EXPECT_EQ(span["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(span["spanId"], "00f067aa0ba902b7");
  EXPECT_EQ(span["parentSpanId"], "0102030405060708");
  EXPECT_EQ(span["name"], "POST /query/sql");
  EXPECT_EQ(span["kind"], 2);
  // 64-bit integers are strings in proto3 JSON.
  EXPECT_EQ(span["startTimeUnixNano"], "1700000000123456789");
  EXPECT_EQ(span["endTimeUnixNano"], "1700000000223456789");
  ASSERT_EQ(span["attributes"].size(), 4u);
  EXPECT_EQ(span["attributes"][0],
            Json::parse(R"({"key":"http.route","value":{"stringValue":"/query/sql"}})"));
  EXPECT_EQ(span["attributes"][1]["value"], Json::parse(R"({"intValue":"200"})"));
  EXPECT_EQ(span["attributes"][2]["value"], Json::parse(R"({"doubleValue":0.5})"));
  EXPECT_EQ(span["attributes"][3]["value"], Json::parse(R"({"boolValue":true})"));
  EXPECT_EQ(span["status"], Json::parse(R"({"code":0})"));
}

TEST(OtlpJsonTest, ARootSpanHasNoParentAndAnErrorHasItsMessage) {
  SpanData root = Example();
  root.parent_span_id = {};
  root.error = true;
  root.status_message = "no such dataset";
  Json span = SpanToOtlpJson(root);
  EXPECT_FALSE(span.contains("parentSpanId"));
  EXPECT_EQ(span["status"], Json::parse(R"({"code":2,"message":"no such dataset"})"));
}

TEST(OtlpJsonTest, AnExportRequestHasOneResourceAndOneScope) {
  Json request = EncodeOtlpTraces({Example(), Example()}, "lakehouse-test");
  ASSERT_EQ(request["resourceSpans"].size(), 1u);
  const Json& rs = request["resourceSpans"][0];
  EXPECT_EQ(rs["resource"]["attributes"][0],
            Json::parse(R"({"key":"service.name","value":{"stringValue":"lakehouse-test"}})"));
  ASSERT_EQ(rs["scopeSpans"].size(), 1u);
  EXPECT_EQ(rs["scopeSpans"][0]["scope"]["name"], "lakehouse");
  EXPECT_EQ(rs["scopeSpans"][0]["spans"].size(), 2u);
}

// The exporter writes the request as text (no Json tree): it must stay valid JSON whatever the
// strings hold.
TEST(OtlpJsonTest, TheTextFormIsValidJsonWithEscapedStrings) {
  SpanData span = Example();
  span.error = true;
  span.status_message = "bad \"quote\"\n\ttab \x01 and \xff invalid UTF-8";
  span.attributes.push_back({"sql", std::string("SELECT '\\'")});
  const std::string text = OtlpTracesText({span, Example()}, "svc \"x\"");
  Result<Json> parsed = ParseJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << text;
  const Json& first = (*parsed)["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  EXPECT_EQ(first["status"]["code"], 2);
  EXPECT_EQ(first["attributes"][4]["value"]["stringValue"], "SELECT '\\'");
  EXPECT_NE(first["status"]["message"].get<std::string>().find("bad \"quote\"\n\ttab \x01"),
            std::string::npos);
}

}  // namespace
}  // namespace lakehouse
