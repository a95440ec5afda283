// FuzzInput: carves typed values and strings out of a libFuzzer input, front to back, so one byte
// string can drive a parser's options as well as its text. Reads past the end yield zeros and
// empty strings, never an error.
//
// Thread-safety: externally synchronised (one fuzz iteration).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lakehouse::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Up to the next `separator` (consumed, not returned), or everything left.
  std::string_view Until(char separator) {
    const size_t at = rest_.find(separator);
    std::string_view out = rest_.substr(0, at);
    rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + 1);
    return out;
  }
  std::string_view Rest() {
    std::string_view out = rest_;
    rest_ = {};
    return out;
  }

 private:
  std::string_view rest_;
};

// Feeds `text` to a streaming parser (Feed/Finish) in the pieces that `cuts` (ascending offsets)
// make, each piece a fresh copy so the parser cannot rely on bytes it was given before; stops at
// the first error. The chunking invariants compare this against feeding the text whole.
template <typename StreamingParser>
Status FeedInPieces(StreamingParser& parser, std::string_view text,
                    const std::vector<size_t>& cuts) {
  size_t from = 0;
  Status s;
  for (size_t i = 0; i <= cuts.size() && s.ok(); ++i) {
    const size_t to = i < cuts.size() ? cuts[i] : text.size();
    const std::string piece(text.substr(from, to - from));
    s = parser.Feed(piece);
    from = to;
  }
  return s.ok() ? parser.Finish() : s;
}

// An invariant of the code under test does not hold: report it and crash so libFuzzer saves the
// input.
[[noreturn]] inline void Violated(const char* what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

#define LH_FUZZ_CHECK(cond)                          \
  do {                                               \
    if (!(cond)) ::lakehouse::fuzz::Violated(#cond); \
  } while (0)

}  // namespace lakehouse::fuzz
