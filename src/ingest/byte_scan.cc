#include "ingest/byte_scan.h"

#include <bit>
#include <cstring>

namespace lakehouse {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;
constexpr uint64_t kLowSeven = 0x7F7F7F7F7F7F7F7FULL;
constexpr uint64_t kLineFeeds = 0x0A0A0A0A0A0A0A0AULL;

uint64_t LoadWord(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// Exact count of zero bytes in `x`: a byte's high bit in `t` is clear only when the byte is 0
// (no carries cross bytes, unlike the classic has-zero trick).
int ZeroBytes(uint64_t x) {
  const uint64_t t = ((x & kLowSeven) + kLowSeven) | x;
  return std::popcount(~t & kHighBits);
}

}  // namespace

int64_t CountLineFeeds(std::string_view bytes) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  int64_t count = 0;
  for (; end - p >= 8; p += 8) count += ZeroBytes(LoadWord(p) ^ kLineFeeds);
  for (; p < end; ++p) count += *p == '\n' ? 1 : 0;
  return count;
}

size_t AsciiWordPrefix(std::string_view bytes) {
  size_t i = 0;
  while (bytes.size() - i >= 8 && (LoadWord(bytes.data() + i) & kHighBits) == 0) i += 8;
  return i;
}

}  // namespace lakehouse
