// BatchSpanExporter: the SpanSink that sends finished spans to an OTLP/HTTP collector as JSON
// (`POST <endpoint>/v1/traces`, telemetry/otlp_json.h), in batches, from its own thread — never
// on the request path (ADR 013). Export() only appends to a bounded queue; when the queue is full
// the span is dropped and counted. A batch the collector does not take (down, timeout, non-2xx)
// is dropped and counted too: spans are diagnostics, and retrying would let a dead collector
// grow the queue. The counts are rendered as Prometheus counters for GET /metrics. Batches are
// encoded straight into JSON text and sent over one keep-alive connection (a new one after a
// failure): the exporter shares the machine's cores with the requests it traces.
//
// Thread-safety: thread-safe. Destruction sends what is queued (one attempt, bounded by the
// export timeout) and joins the thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.h"
#include "http/http_client.h"
#include "telemetry/span.h"
#include "telemetry/telemetry_options.h"

namespace lakehouse {

class BatchSpanExporter : public SpanSink {
 public:
  struct Stats {
    int64_t exported = 0;               // spans the collector accepted
    int64_t dropped_queue_full = 0;     // spans dropped because the queue was full
    int64_t dropped_export_failed = 0;  // spans of batches the collector did not take
    int64_t failed_requests = 0;        // export requests that failed
  };

  // Starts the exporter thread. INVALID_ARGUMENT when otlp_endpoint is not an http(s) URL.
  static Result<std::unique_ptr<BatchSpanExporter>> Start(const TelemetryOptions& options);
  ~BatchSpanExporter() override;
  BatchSpanExporter(const BatchSpanExporter&) = delete;
  BatchSpanExporter& operator=(const BatchSpanExporter&) = delete;

  void Export(SpanData span) override;

  Stats stats() const;
  // lakehouse_trace_spans_{exported,dropped}_total (dropped by reason) and
  // lakehouse_trace_export_failures_total.
  std::string RenderPrometheus() const;

 private:
  BatchSpanExporter(TelemetryOptions options, std::string base_url, std::string path);
  void Run();
  // Sends one batch; counts it as exported or dropped.
  void Send(std::vector<SpanData> batch);

  const TelemetryOptions options_;
  const std::string base_url_;  // scheme://host:port
  const std::string path_;      // <endpoint's path>/v1/traces

  std::atomic<int64_t> exported_{0};
  std::atomic<int64_t> dropped_queue_full_{0};
  std::atomic<int64_t> dropped_export_failed_{0};
  std::atomic<int64_t> failed_requests_{0};

  // Exporter thread only: when a failed export was last logged, and the keep-alive connection
  // to the collector (dropped after a failed request).
  std::chrono::steady_clock::time_point last_failure_logged_{};
  int64_t failures_logged_ = 0;
  std::unique_ptr<HttpClient> client_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<SpanData> queue_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  std::thread thread_;          // started last
};

}  // namespace lakehouse
