#include "telemetry/otlp_json.h"

#include "common/json_writer.h"
#include "common/version.h"

namespace lakehouse {
namespace {

void WriteAttribute(JsonWriter& w, std::string_view key, const SpanAttributeValue& value) {
  w.BeginObject().Key("key").String(key).Key("value").BeginObject();
  if (const auto* s = std::get_if<std::string>(&value)) {
    w.Key("stringValue").String(*s);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    w.Key("intValue").String(std::to_string(*i));  // 64-bit integers are strings in proto3 JSON
  } else if (const auto* d = std::get_if<double>(&value)) {
    w.Key("doubleValue").Double(*d);
  } else {
    w.Key("boolValue").Bool(std::get<bool>(value));
  }
  w.EndObject().EndObject();
}

bool AllZero(const SpanId& id) {
  for (uint8_t b : id) {
    if (b != 0) return false;
  }
  return true;
}

void WriteSpan(JsonWriter& w, const SpanData& span) {
  w.BeginObject();
  w.Key("traceId").String(HexOf(span.context.trace_id));
  w.Key("spanId").String(HexOf(span.context.span_id));
  if (!AllZero(span.parent_span_id)) w.Key("parentSpanId").String(HexOf(span.parent_span_id));
  w.Key("name").String(span.name);
  w.Key("kind").Int(static_cast<int>(span.kind));
  w.Key("startTimeUnixNano").String(std::to_string(span.start_unix_nano));
  w.Key("endTimeUnixNano").String(std::to_string(span.end_unix_nano));
  w.Key("attributes").BeginArray();
  for (const SpanAttribute& a : span.attributes) WriteAttribute(w, a.key, a.value);
  w.EndArray();
  // STATUS_CODE_UNSET = 0, STATUS_CODE_ERROR = 2.
  w.Key("status").BeginObject().Key("code").Int(span.error ? 2 : 0);
  if (span.error) w.Key("message").String(span.status_message);
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string OtlpTracesText(const std::vector<SpanData>& spans, const std::string& service_name) {
  std::string out;
  out.reserve(256 + spans.size() * 640);
  JsonWriter w(&out);
  w.BeginObject().Key("resourceSpans").BeginArray().BeginObject();
  w.Key("resource").BeginObject().Key("attributes").BeginArray();
  WriteAttribute(w, "service.name", service_name);
  WriteAttribute(w, "service.version", std::string(kVersion));
  w.EndArray().EndObject();
  w.Key("scopeSpans").BeginArray().BeginObject();
  w.Key("scope").BeginObject().Key("name").String("lakehouse").Key("version").String(kVersion);
  w.EndObject();
  w.Key("spans").BeginArray();
  for (const SpanData& span : spans) WriteSpan(w, span);
  w.EndArray().EndObject().EndArray();   // spans, the scope, scopeSpans
  w.EndObject().EndArray().EndObject();  // the resource, resourceSpans, the request
  return out;
}

Json SpanToOtlpJson(const SpanData& span) {
  std::string text;
  JsonWriter w(&text);
  WriteSpan(w, span);
  Result<Json> parsed = ParseJson(text);
  return parsed.ok() ? *std::move(parsed) : Json();
}

Json EncodeOtlpTraces(const std::vector<SpanData>& spans, const std::string& service_name) {
  Result<Json> parsed = ParseJson(OtlpTracesText(spans, service_name));
  return parsed.ok() ? *std::move(parsed) : Json();
}

}  // namespace lakehouse
