// Span: one timed operation of a trace, recorded by RAII (ADR 013). Creating a Span makes it the
// thread's current span (common/trace_context.h) until it is destroyed, so spans created inside
// it — in any subsystem, with no tracer passed down — become its children, log lines carry its
// ids and outgoing HTTP calls carry its `traceparent`. Destroying it ends it and hands its
// SpanData to the SpanSink of its trace (the exporter), which must not block.
//
// Only the root of a trace names a sink: the HTTP route wrapper (api/traced_routes.h), a gRPC
// call, a background job resuming a captured trace. Everywhere else `Span span("sql.query")` is a
// child of the current span, or a no-op costing a thread-local read when the thread does no
// traced work (tracing off, or a thread outside any request).
//
//   Span span("vector.search");
//   span.SetAttribute("lakehouse.index", name);
//   ... if (!result.ok()) span.SetError(result.status().message());
//
// Thread-safety: a Span belongs to the thread that created it and must be destroyed there, in
// reverse order of creation (it is a scoped object). SpanSink implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/status.h"
#include "common/trace_context.h"

namespace lakehouse {

// OTLP's SpanKind numbers.
enum class SpanKind { kInternal = 1, kServer = 2, kClient = 3 };

using SpanAttributeValue = std::variant<std::string, int64_t, double, bool>;

struct SpanAttribute {
  std::string key;
  SpanAttributeValue value;
};

// A finished span, as exported.
struct SpanData {
  TraceContext context;     // trace id, this span's id, flags
  SpanId parent_span_id{};  // all zero for a root span
  std::string name;
  SpanKind kind = SpanKind::kInternal;
  int64_t start_unix_nano = 0;
  int64_t end_unix_nano = 0;
  std::vector<SpanAttribute> attributes;
  bool error = false;  // OTLP status ERROR (else UNSET)
  std::string status_message;
};

// Receives finished spans. Export is called on the thread that ends the span and must return
// quickly (queue or drop). Implementations are thread-safe.
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  virtual void Export(SpanData span) = 0;
};

// The trace a thread is working in (its current span and sink), captured to continue it on
// another thread (a background job started by a request).
struct TraceHandle {
  TraceContext context;
  SpanSink* sink = nullptr;  // null: spans under this handle are not recorded
};

// The calling thread's current trace; an empty handle when it does no traced work.
TraceHandle CurrentTrace();

class Span {
 public:
  // A child of the thread's current span, recorded to its sink; a no-op when there is none.
  explicit Span(std::string_view name, SpanKind kind = SpanKind::kInternal);
  // A span recorded to `sink` (null: not recorded, but still current so its context propagates)
  // whose parent is `parent`: a remote parent from an incoming `traceparent`, or a captured
  // handle's context. Nullopt (or an invalid context) starts a new, sampled trace — or, with no
  // sink, makes a no-op. An unsampled parent makes a span that propagates its context but is not
  // recorded.
  Span(SpanSink* sink, std::string_view name, SpanKind kind,
       const std::optional<TraceContext>& parent);
  ~Span();
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  // Whether this span will be exported; attributes of a span that is not are dropped.
  bool recording() const { return sink_ != nullptr; }
  const TraceContext& context() const { return data_.context; }

  void SetAttribute(std::string_view key, std::string_view value);
  void SetAttribute(std::string_view key, const char* value) {
    SetAttribute(key, std::string_view(value));
  }
  void SetAttribute(std::string_view key, int64_t value);
  void SetAttribute(std::string_view key, int value) { SetAttribute(key, int64_t{value}); }
  void SetAttribute(std::string_view key, double value);
  void SetAttribute(std::string_view key, bool value);
  // Marks the span failed (OTLP status ERROR) with `message`.
  void SetError(std::string_view message);

 private:
  void Begin(SpanSink* sink, std::string_view name, SpanKind kind, const TraceContext& parent);

  bool active_ = false;  // this span is the thread's current one
  SpanSink* sink_ = nullptr;
  TraceHandle previous_;
  SpanData data_;
};

// Runs `fn` (returning a Status or a Result) inside a child span named `name`, marked failed
// when `fn` fails: one phase of a multi-phase operation.
//   LH_ASSIGN_OR_RETURN(Prepared p, Traced("ingest.stage", [&] { return Stage(request); }));
template <typename Fn>
auto Traced(std::string_view name, Fn&& fn) {
  Span span(name);
  auto result = fn();
  if constexpr (std::is_same_v<decltype(result), Status>) {
    if (!result.ok()) span.SetError(result.message());
  } else {
    if (!result.ok()) span.SetError(result.status().message());
  }
  return result;
}

// Makes a captured trace current on this thread for its scope (no span of its own): spans
// created inside are children of the captured span. An empty handle does nothing.
class ScopedTrace {
 public:
  explicit ScopedTrace(const TraceHandle& handle);
  ~ScopedTrace();
  ScopedTrace(const ScopedTrace&) = delete;
  ScopedTrace& operator=(const ScopedTrace&) = delete;

 private:
  bool active_ = false;
  TraceHandle previous_;
};

}  // namespace lakehouse
