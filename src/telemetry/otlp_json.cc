#include "telemetry/otlp_json.h"

#include "common/version.h"

namespace lakehouse {
namespace {

Json AttributeValueJson(const SpanAttributeValue& value) {
  struct Visitor {
    Json operator()(const std::string& v) const { return {{"stringValue", v}}; }
    Json operator()(int64_t v) const { return {{"intValue", std::to_string(v)}}; }
    Json operator()(double v) const { return {{"doubleValue", v}}; }
    Json operator()(bool v) const { return {{"boolValue", v}}; }
  };
  return std::visit(Visitor{}, value);
}

Json Attribute(const std::string& key, const SpanAttributeValue& value) {
  return {{"key", key}, {"value", AttributeValueJson(value)}};
}

bool AllZero(const SpanId& id) {
  for (uint8_t b : id) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace

Json SpanToOtlpJson(const SpanData& span) {
  Json out = {{"traceId", HexOf(span.context.trace_id)},
              {"spanId", HexOf(span.context.span_id)},
              {"name", span.name},
              {"kind", static_cast<int>(span.kind)},
              {"startTimeUnixNano", std::to_string(span.start_unix_nano)},
              {"endTimeUnixNano", std::to_string(span.end_unix_nano)}};
  if (!AllZero(span.parent_span_id)) out["parentSpanId"] = HexOf(span.parent_span_id);
  Json attributes = Json::array();
  for (const SpanAttribute& a : span.attributes) attributes.push_back(Attribute(a.key, a.value));
  out["attributes"] = std::move(attributes);
  // STATUS_CODE_UNSET = 0, STATUS_CODE_ERROR = 2.
  out["status"] =
      span.error ? Json{{"code", 2}, {"message", span.status_message}} : Json{{"code", 0}};
  return out;
}

Json EncodeOtlpTraces(const std::vector<SpanData>& spans, const std::string& service_name) {
  Json encoded = Json::array();
  for (const SpanData& span : spans) encoded.push_back(SpanToOtlpJson(span));
  Json resource = {
      {"attributes", Json::array({Attribute("service.name", service_name),
                                  Attribute("service.version", std::string(kVersion))})}};
  Json scope = {{"scope", {{"name", "lakehouse"}, {"version", kVersion}}},
                {"spans", std::move(encoded)}};
  return {{"resourceSpans", Json::array({{{"resource", std::move(resource)},
                                          {"scopeSpans", Json::array({std::move(scope)})}}})}};
}

}  // namespace lakehouse
