// Stable 64-bit hashing for feature hashing (HashEmbedder). The values are part of the
// "builtin/hash-v1" model definition: they must not change, on any platform.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace lakehouse {

// MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over every output bit.
inline uint64_t Fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// FNV-1a (64-bit) over the bytes, starting from the offset basis xor seed, then Fmix64 (FNV's own
// high bits mix poorly for short inputs).
inline uint64_t FeatureHash(std::string_view bytes, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return Fmix64(h);
}

// Order-sensitive combination of two feature hashes (for word bigrams).
inline uint64_t CombineFeatureHashes(uint64_t first, uint64_t second) {
  return Fmix64(first * 0x9e3779b97f4a7c15ULL + second);
}

}  // namespace lakehouse
