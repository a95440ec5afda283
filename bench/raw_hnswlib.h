// RawHnswlib: hnswlib 0.6.2 used directly, the way an application would without Lakehouse — the
// baseline of bench/vector_search. Inner-product space (hnswlib's own SIMD kernel), vectors given
// already L2-normalised, no locking, no label bookkeeping beyond hnswlib's.
//
// Its own translation unit wraps hnswlib in a namespace: hnswlib's header defines non-inline
// functions that src/vector/hnsw_index.cc (linked into the same binary) defines too.
//
// Thread-safety: Search may run concurrently (hnswlib's visited-list pool is locked); Add is not
// safe concurrently with anything.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace lakehouse::bench {

class RawHnswlib {
 public:
  RawHnswlib(int dimensions, size_t capacity, int m, int ef_construction, uint64_t seed = 100);
  ~RawHnswlib();
  void Add(std::span<const float> vector, uint64_t label);
  void SetEf(int ef_search);
  // Up to k (label, inner product) pairs, best first.
  std::vector<std::pair<uint64_t, float>> Search(std::span<const float> query, int k) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakehouse::bench
