// TraceContext: the W3C Trace Context (https://www.w3.org/TR/trace-context/) of the work a
// thread is doing — a 16-byte trace id, the 8-byte id of the current span and the trace flags —
// and the `traceparent` header that carries it between processes:
//
//   traceparent: 00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>
//
// Every thread has a current context (invalid when it does no traced work). telemetry/Span sets
// it for its scope; readers that must not depend on telemetry read it here: the logger (JSON
// logs carry trace_id and span_id) and http/HttpClient (outgoing calls carry `traceparent`).
//
// Thread-safety: values; the current context is thread-local.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lakehouse {

using TraceId = std::array<uint8_t, 16>;
using SpanId = std::array<uint8_t, 8>;

struct TraceContext {
  TraceId trace_id{};  // all zero: no trace
  SpanId span_id{};    // all zero: no span
  uint8_t flags = 0;   // bit 0: sampled

  bool valid() const;  // both ids non-zero
  bool sampled() const { return (flags & 0x01) != 0; }
  friend bool operator==(const TraceContext&, const TraceContext&) = default;
};

// Lower-case hex of the bytes ("" for an all-zero id is the caller's choice, not done here).
std::string HexOf(const uint8_t* bytes, size_t size);
inline std::string HexOf(const TraceId& id) { return HexOf(id.data(), id.size()); }
inline std::string HexOf(const SpanId& id) { return HexOf(id.data(), id.size()); }

// Parses a `traceparent` value. Nullopt when it is malformed by the specification's rules: not
// 55 characters of version 00 (longer values are accepted for versions above 00, whose extra
// fields are ignored), upper-case or non-hex digits, version ff, or an all-zero trace or span id.
std::optional<TraceContext> ParseTraceparent(std::string_view value);
// "00-<trace id>-<span id>-<flags>".
std::string FormatTraceparent(const TraceContext& context);

// New random ids (never all zero), from a per-thread generator seeded from std::random_device.
TraceId NewTraceId();
SpanId NewSpanId();

// The calling thread's current context; invalid when it does no traced work.
const TraceContext& CurrentTraceContext();

// Replaces the thread's current context (telemetry/Span, which restores the previous one itself).
void SetCurrentTraceContext(const TraceContext& context);

// Makes `context` the thread's current one until destroyed, then restores the previous one.
// Scopes nest; destroy them in reverse order of creation (they are scoped objects).
class ScopedTraceContext {
 public:
  explicit ScopedTraceContext(const TraceContext& context);
  ~ScopedTraceContext();
  ScopedTraceContext(const ScopedTraceContext&) = delete;
  ScopedTraceContext& operator=(const ScopedTraceContext&) = delete;

 private:
  TraceContext previous_;
};

}  // namespace lakehouse
