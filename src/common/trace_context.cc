#include "common/trace_context.h"

#include <random>

namespace lakehouse {
namespace {

thread_local TraceContext current_context;

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }());
  return generator;
}

template <size_t N>
std::array<uint8_t, N> RandomNonZero() {
  std::array<uint8_t, N> out{};
  bool zero = true;
  while (zero) {
    for (size_t i = 0; i < N; i += 8) {
      uint64_t word = Generator()();
      for (size_t j = 0; j < 8 && i + j < N; ++j)
        out[i + j] = static_cast<uint8_t>(word >> (8 * j));
    }
    for (uint8_t b : out) zero &= b == 0;
  }
  return out;
}

int LowerHexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is invalid in traceparent
}

// Decodes exactly out.size() bytes of lower-case hex; false on any other character.
template <size_t N>
bool DecodeHex(std::string_view hex, std::array<uint8_t, N>& out) {
  if (hex.size() != 2 * N) return false;
  for (size_t i = 0; i < N; ++i) {
    int high = LowerHexDigit(hex[2 * i]);
    int low = LowerHexDigit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return true;
}

template <size_t N>
bool AllZero(const std::array<uint8_t, N>& bytes) {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace

bool TraceContext::valid() const { return !AllZero(trace_id) && !AllZero(span_id); }

std::string HexOf(const uint8_t* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * size, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

std::optional<TraceContext> ParseTraceparent(std::string_view value) {
  // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 = 55.
  constexpr size_t kLength = 55;
  if (value.size() < kLength) return std::nullopt;
  std::array<uint8_t, 1> version{};
  if (!DecodeHex(value.substr(0, 2), version) || version[0] == 0xff) return std::nullopt;
  // Version 00 is exactly 55 characters; a later version may append "-<more>".
  if (version[0] == 0 && value.size() != kLength) return std::nullopt;
  if (value.size() > kLength && value[kLength] != '-') return std::nullopt;
  if (value[2] != '-' || value[35] != '-' || value[52] != '-') return std::nullopt;
  TraceContext context;
  std::array<uint8_t, 1> flags{};
  if (!DecodeHex(value.substr(3, 32), context.trace_id) ||
      !DecodeHex(value.substr(36, 16), context.span_id) || !DecodeHex(value.substr(53, 2), flags)) {
    return std::nullopt;
  }
  if (!context.valid()) return std::nullopt;
  context.flags = flags[0];
  return context;
}

std::string FormatTraceparent(const TraceContext& context) {
  return "00-" + HexOf(context.trace_id) + "-" + HexOf(context.span_id) + "-" +
         HexOf(&context.flags, 1);
}

TraceId NewTraceId() { return RandomNonZero<16>(); }
SpanId NewSpanId() { return RandomNonZero<8>(); }

const TraceContext& CurrentTraceContext() { return current_context; }

void SetCurrentTraceContext(const TraceContext& context) { current_context = context; }

ScopedTraceContext::ScopedTraceContext(const TraceContext& context) : previous_(current_context) {
  current_context = context;
}

ScopedTraceContext::~ScopedTraceContext() { current_context = previous_; }

}  // namespace lakehouse
