// AnnCandidate over Debian's hnswlib 0.6.2 (see ann_candidate.h).
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

#include "bench/ann_candidate.h"

namespace hnswlib06 {
#include <hnswlib/hnswlib.h>
}  // namespace hnswlib06

namespace lakehouse::bench {
namespace {

class Hnswlib06 final : public AnnCandidate {
 public:
  Hnswlib06(const AnnParams& params, size_t capacity)
      : dims_(static_cast<size_t>(params.dims)),
        space_(dims_),
        hnsw_(&space_, capacity, static_cast<size_t>(params.m),
              static_cast<size_t>(params.ef_construction), 100) {}

  std::string name() const override { return "hnswlib 0.6.2 (Debian)"; }
  bool parallel_build() const override { return false; }
  void Build(std::span<const float> data, int /*threads*/) override {
    for (size_t r = 0; r < data.size() / dims_; ++r) hnsw_.addPoint(data.data() + r * dims_, r);
  }
  void SetEf(int ef_search) override { hnsw_.setEf(static_cast<size_t>(ef_search)); }
  std::vector<uint64_t> Search(std::span<const float> query, int k) const override {
    auto found = hnsw_.searchKnn(query.data(), static_cast<size_t>(k));
    std::vector<uint64_t> out(found.size());
    for (size_t i = found.size(); i-- > 0; found.pop()) out[i] = found.top().second;
    return out;
  }
  bool has_filtered_search() const override { return false; }
  std::vector<uint64_t> SearchFiltered(std::span<const float>, int,
                                       const std::vector<uint8_t>&) const override {
    return {};
  }

 private:
  const size_t dims_;
  hnswlib06::hnswlib::InnerProductSpace space_;
  hnswlib06::hnswlib::HierarchicalNSW<float> hnsw_;
};

}  // namespace

std::unique_ptr<AnnCandidate> MakeHnswlib06(const AnnParams& params, size_t capacity) {
  return std::make_unique<Hnswlib06>(params, capacity);
}

}  // namespace lakehouse::bench
