// AnnCandidate over hnswlib 0.8 as bundled by npm hnswlib-node 3.0.0 (see ann_candidate.h).
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
#include <functional>
#include <iostream>
#include <list>
#include <memory>
#include <mutex>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#ifdef __AVX512F__
#include <immintrin.h>
#endif

#include "bench/ann_candidate.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wuninitialized"
namespace hnswlib08 {
#include "third_party/hnswlib-0.8/hnswlib/hnswlib.h"
}  // namespace hnswlib08
#pragma GCC diagnostic pop

namespace lakehouse::bench {
namespace {

namespace h = hnswlib08::hnswlib;

class AllowedFilter final : public h::BaseFilterFunctor {
 public:
  explicit AllowedFilter(const std::vector<uint8_t>& allowed) : allowed_(allowed) {}
  bool operator()(h::labeltype label) override { return allowed_[label] != 0; }

 private:
  const std::vector<uint8_t>& allowed_;
};

class Hnswlib08 final : public AnnCandidate {
 public:
  Hnswlib08(const AnnParams& params, size_t capacity)
      : dims_(static_cast<size_t>(params.dims)),
        space_(dims_),
        hnsw_(&space_, capacity, static_cast<size_t>(params.m),
              static_cast<size_t>(params.ef_construction), 100) {}

  std::string name() const override { return "hnswlib 0.8 (npm)"; }
  bool parallel_build() const override { return true; }
  void Build(std::span<const float> data, int threads) override {
    const size_t rows = data.size() / dims_;
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (size_t r; (r = next.fetch_add(1)) < rows;) hnsw_.addPoint(data.data() + r * dims_, r);
      });
    }
    for (auto& w : workers) w.join();
  }
  void SetEf(int ef_search) override { hnsw_.setEf(static_cast<size_t>(ef_search)); }
  std::vector<uint64_t> Search(std::span<const float> query, int k) const override {
    return Collect(hnsw_.searchKnn(query.data(), static_cast<size_t>(k)));
  }
  bool has_filtered_search() const override { return true; }
  std::vector<uint64_t> SearchFiltered(std::span<const float> query, int k,
                                       const std::vector<uint8_t>& allowed) const override {
    AllowedFilter filter(allowed);
    return Collect(hnsw_.searchKnn(query.data(), static_cast<size_t>(k), &filter));
  }

 private:
  static std::vector<uint64_t> Collect(std::priority_queue<std::pair<float, h::labeltype>> found) {
    std::vector<uint64_t> out(found.size());
    for (size_t i = found.size(); i-- > 0; found.pop()) out[i] = found.top().second;
    return out;
  }

  const size_t dims_;
  h::InnerProductSpace space_;
  h::HierarchicalNSW<float> hnsw_;
};

}  // namespace

std::unique_ptr<AnnCandidate> MakeHnswlib08(const AnnParams& params, size_t capacity) {
  return std::make_unique<Hnswlib08>(params, capacity);
}

}  // namespace lakehouse::bench
