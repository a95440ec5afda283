#include "telemetry/span.h"

#include <chrono>

namespace lakehouse {
namespace {

// The sink of the thread's current trace; its context lives in common/trace_context.
thread_local SpanSink* current_sink = nullptr;

int64_t NowUnixNano() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Sets the thread's current trace; returns the previous one.
TraceHandle Swap(const TraceHandle& next) {
  TraceHandle previous{CurrentTraceContext(), current_sink};
  SetCurrentTraceContext(next.context);
  current_sink = next.sink;
  return previous;
}

}  // namespace

TraceHandle CurrentTrace() { return {CurrentTraceContext(), current_sink}; }

Span::Span(std::string_view name, SpanKind kind) {
  const TraceContext& parent = CurrentTraceContext();
  if (!parent.valid()) return;  // no traced work on this thread: a no-op
  Begin(current_sink, name, kind, parent);
}

Span::Span(SpanSink* sink, std::string_view name, SpanKind kind,
           const std::optional<TraceContext>& parent) {
  if (parent && parent->valid()) {
    Begin(sink, name, kind, *parent);
  } else if (sink == nullptr) {
    return;  // tracing off and nothing to propagate: a no-op
  } else {
    TraceContext root;
    root.trace_id = NewTraceId();
    root.flags = 0x01;
    Begin(sink, name, kind, root);
  }
}

void Span::Begin(SpanSink* sink, std::string_view name, SpanKind kind, const TraceContext& parent) {
  active_ = true;
  data_.context.trace_id = parent.trace_id;
  data_.context.span_id = NewSpanId();
  data_.context.flags = parent.flags;
  data_.parent_span_id = parent.span_id;
  sink_ = parent.sampled() ? sink : nullptr;
  if (sink_ != nullptr) {
    data_.attributes.reserve(8);  // a request span's attributes, without regrowing
    data_.name = name;
    data_.kind = kind;
    data_.start_unix_nano = NowUnixNano();
  }
  previous_ = Swap({data_.context, sink});
}

Span::~Span() {
  if (!active_) return;
  Swap(previous_);
  if (sink_ == nullptr) return;
  data_.end_unix_nano = NowUnixNano();
  sink_->Export(std::move(data_));
}

void Span::SetAttribute(std::string_view key, std::string_view value) {
  if (sink_ != nullptr) data_.attributes.push_back({std::string(key), std::string(value)});
}
void Span::SetAttribute(std::string_view key, int64_t value) {
  if (sink_ != nullptr) data_.attributes.push_back({std::string(key), value});
}
void Span::SetAttribute(std::string_view key, double value) {
  if (sink_ != nullptr) data_.attributes.push_back({std::string(key), value});
}
void Span::SetAttribute(std::string_view key, bool value) {
  if (sink_ != nullptr) data_.attributes.push_back({std::string(key), value});
}

void Span::SetError(std::string_view message) {
  if (sink_ == nullptr) return;
  data_.error = true;
  data_.status_message = message;
}

ScopedTrace::ScopedTrace(const TraceHandle& handle) {
  if (!handle.context.valid()) return;
  active_ = true;
  previous_ = Swap(handle);
}

ScopedTrace::~ScopedTrace() {
  if (active_) Swap(previous_);
}

}  // namespace lakehouse
