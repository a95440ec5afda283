#include "bench/raw_hnswlib.h"

// Everything hnswlib includes, first, so that its own includes are no-ops inside the namespace.
#include <assert.h>
#include <cpuid.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <deque>
#include <fstream>
#include <iostream>
#include <list>
#include <mutex>
#include <queue>
#include <random>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#ifdef __AVX512F__
#include <immintrin.h>
#endif

namespace raw_hnswlib {
#include <hnswlib/hnswlib.h>
}  // namespace raw_hnswlib

namespace lakehouse::bench {

struct RawHnswlib::Impl {
  explicit Impl(int dimensions) : space(static_cast<size_t>(dimensions)) {}
  raw_hnswlib::hnswlib::InnerProductSpace space;
  std::unique_ptr<raw_hnswlib::hnswlib::HierarchicalNSW<float>> hnsw;
};

RawHnswlib::RawHnswlib(int dimensions, size_t capacity, int m, int ef_construction, uint64_t seed)
    : impl_(std::make_unique<Impl>(dimensions)) {
  impl_->hnsw = std::make_unique<raw_hnswlib::hnswlib::HierarchicalNSW<float>>(
      &impl_->space, capacity, static_cast<size_t>(m), static_cast<size_t>(ef_construction),
      static_cast<size_t>(seed));
}

RawHnswlib::~RawHnswlib() = default;

void RawHnswlib::Add(std::span<const float> vector, uint64_t label) {
  impl_->hnsw->addPoint(vector.data(), static_cast<size_t>(label));
}

void RawHnswlib::SetEf(int ef_search) { impl_->hnsw->setEf(static_cast<size_t>(ef_search)); }

std::vector<std::pair<uint64_t, float>> RawHnswlib::Search(std::span<const float> query,
                                                           int k) const {
  auto found = impl_->hnsw->searchKnn(query.data(), static_cast<size_t>(k));
  std::vector<std::pair<uint64_t, float>> out(found.size());
  for (size_t i = found.size(); i-- > 0; found.pop()) {
    out[i] = {static_cast<uint64_t>(found.top().second), 1.0f - found.top().first};
  }
  return out;
}

}  // namespace lakehouse::bench
