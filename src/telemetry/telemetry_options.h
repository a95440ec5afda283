// Options for tracing (ADR 013): where spans go and how the exporter batches them. Every field
// documents its default and trade-off.
#pragma once

#include <cstdint>
#include <string>

namespace lakehouse {

struct TelemetryOptions {
  // Base URL of an OTLP/HTTP collector ("http://127.0.0.1:4318"); spans are POSTed as OTLP JSON
  // to <endpoint>/v1/traces. "" (the default) turns tracing off: no span is created at all.
  std::string otlp_endpoint;
  // The resource's service.name.
  std::string service_name = "lakehouse";
  // Finished spans waiting for export. When the queue is full (the collector is slow or down)
  // new spans are dropped and counted (lakehouse_trace_spans_dropped_total); requests never wait.
  int64_t queue_spans = 8192;
  // Spans per export request; a full batch is sent at once, a partial one after flush_interval_ms.
  int64_t batch_spans = 512;
  int64_t flush_interval_ms = 1000;
  // Connect and read timeout of one export request. A batch that fails is dropped (and counted),
  // not retried: the exporter thread must keep up with what requests produce.
  int64_t export_timeout_ms = 2000;
};

}  // namespace lakehouse
