// AnnCandidate over USearch 2.26 (see ann_candidate.h): float32, float16 or int8 in the graph.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <usearch/index_dense.hpp>
#include <vector>

#include "bench/ann_candidate.h"

namespace lakehouse::bench {
namespace {

namespace us = unum::usearch;

us::scalar_kind_t KindOf(UsearchScalar scalar) {
  switch (scalar) {
    case UsearchScalar::kF16:
      return us::scalar_kind_t::f16_k;
    case UsearchScalar::kI8:
      return us::scalar_kind_t::i8_k;
    case UsearchScalar::kF32:
      break;
  }
  return us::scalar_kind_t::f32_k;
}

class Usearch final : public AnnCandidate {
 public:
  Usearch(const AnnParams& params, size_t capacity, UsearchScalar scalar, int rescore_factor)
      : dims_(static_cast<size_t>(params.dims)),
        capacity_(capacity),
        scalar_(scalar),
        rescore_factor_(rescore_factor) {
    us::metric_punned_t metric(dims_, us::metric_kind_t::ip_k, KindOf(scalar));
    us::index_dense_config_t config(static_cast<size_t>(params.m),
                                    static_cast<size_t>(params.ef_construction), 64);
    auto made = us::index_dense_t::make(metric, config);
    if (!made) throw std::runtime_error(made.error.release());
    index_ = std::move(made.index);
  }

  std::string name() const override {
    switch (scalar_) {
      case UsearchScalar::kF16:
        return "usearch 2.26 f16";
      case UsearchScalar::kI8:
        return "usearch 2.26 i8+rescore";
      case UsearchScalar::kF32:
        break;
    }
    return "usearch 2.26 f32";
  }
  bool parallel_build() const override { return true; }

  void Build(std::span<const float> data, int threads) override {
    data_ = data;
    const size_t rows = data.size() / dims_;
    if (scalar_ == UsearchScalar::kI8) {
      float max_abs = 0.0f;
      for (float x : data) max_abs = std::max(max_abs, std::fabs(x));
      scale_ = max_abs > 0.0f ? 127.0f / max_abs : 1.0f;
    }
    index_.reserve(us::index_limits_t(std::max(capacity_, rows), static_cast<size_t>(threads)));
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::vector<int8_t> quantized(dims_);
        for (size_t r; (r = next.fetch_add(1)) < rows;) {
          const float* row = data.data() + r * dims_;
          auto added = scalar_ == UsearchScalar::kI8
                           ? index_.add(r, Quantize(row, quantized), static_cast<size_t>(t))
                           : index_.add(r, row, static_cast<size_t>(t));
          if (!added) throw std::runtime_error(added.error.release());
        }
      });
    }
    for (auto& w : workers) w.join();
  }

  void SetEf(int ef_search) override {
    index_.change_expansion_search(static_cast<size_t>(ef_search));
  }

  std::vector<uint64_t> Search(std::span<const float> query, int k) const override {
    return Run(query, k, [&](const auto& q, size_t wanted) { return index_.search(q, wanted); });
  }
  bool has_filtered_search() const override { return true; }
  std::vector<uint64_t> SearchFiltered(std::span<const float> query, int k,
                                       const std::vector<uint8_t>& allowed) const override {
    return Run(query, k, [&](const auto& q, size_t wanted) {
      return index_.filtered_search(q, wanted,
                                    [&](us::default_key_t key) { return allowed[key] != 0; });
    });
  }

 private:
  const int8_t* Quantize(const float* row, std::vector<int8_t>& out) const {
    for (size_t d = 0; d < dims_; ++d) {
      out[d] = static_cast<int8_t>(std::clamp(std::lround(row[d] * scale_), -127L, 127L));
    }
    return out.data();
  }

  float Dot(const float* a, const float* b) const {
    float sum = 0.0f;
    for (size_t d = 0; d < dims_; ++d) sum += a[d] * b[d];
    return sum;
  }

  template <typename SearchFn>
  std::vector<uint64_t> Run(std::span<const float> query, int k, SearchFn&& search) const {
    const size_t wanted = static_cast<size_t>(k);
    std::vector<uint64_t> keys;
    if (scalar_ != UsearchScalar::kI8) {
      auto found = search(query.data(), wanted);
      keys.resize(found.size());
      found.dump_to(keys.data());
      return keys;
    }
    std::vector<int8_t> quantized(dims_);
    auto found =
        search(Quantize(query.data(), quantized), wanted * static_cast<size_t>(rescore_factor_));
    keys.resize(found.size());
    found.dump_to(keys.data());
    std::vector<std::pair<float, uint64_t>> rescored;
    rescored.reserve(keys.size());
    for (uint64_t key : keys)
      rescored.emplace_back(-Dot(query.data(), data_.data() + key * dims_), key);
    const size_t keep = std::min(wanted, rescored.size());
    std::partial_sort(rescored.begin(), rescored.begin() + static_cast<std::ptrdiff_t>(keep),
                      rescored.end());
    keys.resize(keep);
    for (size_t i = 0; i < keep; ++i) keys[i] = rescored[i].second;
    return keys;
  }

  const size_t dims_;
  const size_t capacity_;
  const UsearchScalar scalar_;
  const int rescore_factor_;
  float scale_ = 1.0f;
  std::span<const float> data_;
  us::index_dense_t index_;
};

}  // namespace

std::unique_ptr<AnnCandidate> MakeUsearch(const AnnParams& params, size_t capacity,
                                          UsearchScalar scalar, int rescore_factor) {
  return std::make_unique<Usearch>(params, capacity, scalar, rescore_factor);
}

}  // namespace lakehouse::bench
