// OtlpReceiver: an in-process OTLP/HTTP collector for tests — `POST /v1/traces` with the JSON
// encoding (an ExportTraceServiceRequest) on a free loopback port. It keeps every span it
// receives, flattened, so tests can check a trace's tree (parent/child ids) and attributes.
// SetAvailable(false) makes it answer 503 to everything (a collector that is down but listening).
//
//   auto receiver = OtlpReceiver::Start();
//   ServerProcess::Start({.env = {{"LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT", (*receiver)->url()}}});
//   std::vector<ReceivedSpan> spans = (*receiver)->WaitForSpans([](auto& s) { ... }, 5s);
//
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse::testing {

struct ReceivedSpan {
  std::string trace_id;
  std::string span_id;
  std::string parent_span_id;  // "" for a root
  std::string name;
  int kind = 0;
  int64_t start_unix_nano = 0;
  int64_t end_unix_nano = 0;
  std::map<std::string, Json> attributes;  // key → the OTLP AnyValue ({"stringValue": …})
  int status_code = 0;
  std::string service_name;  // of the resource
  // A string attribute's value, or "" when absent or not a string.
  std::string StringAttribute(const std::string& key) const;
  int64_t IntAttribute(const std::string& key) const;  // -1 when absent
};

class OtlpReceiver {
 public:
  static Result<std::unique_ptr<OtlpReceiver>> Start();
  ~OtlpReceiver();

  std::string url() const;  // "http://127.0.0.1:<port>"
  void SetAvailable(bool available);
  // Each request is answered only after `delay` (a hung collector).
  void SetDelay(std::chrono::milliseconds delay);
  std::vector<ReceivedSpan> spans() const;
  int64_t requests() const;
  // Every span received so far once `done` holds over them, or the spans at the deadline.
  std::vector<ReceivedSpan> WaitForSpans(
      const std::function<bool(const std::vector<ReceivedSpan>&)>& done,
      std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  explicit OtlpReceiver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Spans of `trace_id`, and helpers to walk a tree.
std::vector<ReceivedSpan> SpansOfTrace(const std::vector<ReceivedSpan>& spans,
                                       const std::string& trace_id);
// The first span named `name` (nullptr when none).
const ReceivedSpan* FindSpan(const std::vector<ReceivedSpan>& spans, const std::string& name);
// True when `descendant` is below `ancestor` (following parent ids within `spans`).
bool IsDescendant(const std::vector<ReceivedSpan>& spans, const ReceivedSpan& descendant,
                  const ReceivedSpan& ancestor);

}  // namespace lakehouse::testing
