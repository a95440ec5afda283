// The OTLP/HTTP JSON encoding of spans (opentelemetry-proto's ExportTraceServiceRequest in its
// JSON mapping): {"resourceSpans":[{"resource":{"attributes":[…]},"scopeSpans":[{"scope":{…},
// "spans":[…]}]}]}. Ids are lower-case hex (traceId 32, spanId/parentSpanId 16 characters, the
// parent omitted for a root); times and integer attribute values are decimal strings (64-bit
// integers in proto3 JSON); kind and status.code are the enum numbers.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"
#include "telemetry/span.h"

namespace lakehouse {

// One export request: every span under one resource (service.name, service.version) and one
// instrumentation scope ("lakehouse"), as JSON text written directly (common/json_writer.h): the
// exporter's form, with no Json tree built per span.
std::string OtlpTracesText(const std::vector<SpanData>& spans, const std::string& service_name);

// The same as Json values, for tests and tools.
Json SpanToOtlpJson(const SpanData& span);
Json EncodeOtlpTraces(const std::vector<SpanData>& spans, const std::string& service_name);

}  // namespace lakehouse
