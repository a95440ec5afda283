// HNSW parameter sweep: recall@10 and latency of our HnswIndex (Debian's hnswlib) over 100K × 384
// seeded clustered vectors, for m ∈ {8, 16, 32} × ef_construction ∈ {100, 200} and ef_search
// ∈ {16 … 256}, against exact ground truth from our ExactIndex. The defaults of IndexDefinition
// (m, ef_construction, ef_search) come from this table: the cheapest setting whose recall@10
// reaches 0.95 with margin. Prints one line per setting and the chosen default's figures.
//
//   build/bench/bench/hnsw_sweep_bench [--vectors N] [--queries Q]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "vector/exact_index.h"
#include "vector/hnsw_index.h"
#include "vector/vector_test_util.h"

namespace lakehouse::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Setting {
  int32_t m;
  int32_t ef_construction;
};

int Run(size_t n, size_t queries) {
  constexpr size_t kDims = 384;
  constexpr int32_t kK = 10;
  // 1000 clusters whose noise is as large as the distance from the origin to their centre
  // (centres N(0,1) per coordinate, noise σ 0.98: after normalisation the same shape as
  // vector_search_bench's unit-norm centres with σ 0.05) — topic-like, and hard enough that the
  // parameters matter. Queries come from the same clusters: one draw (the centres derive from the
  // seed), split into the indexed vectors and the queries.
  auto data = testing::ClusteredVectors(n + queries, kDims, 1000, 0.98f, 20261125);
  const std::vector<std::vector<float>> query_set(data.begin() + static_cast<std::ptrdiff_t>(n),
                                                  data.end());
  data.resize(n);

  ExactIndexOptions exact_options;
  exact_options.dimensions = kDims;
  auto exact = ExactIndex::Create(exact_options);
  if (!exact.ok()) return 1;
  for (size_t i = 0; i < n; ++i) (void)(*exact)->Add(i, data[i]);
  std::vector<std::set<uint64_t>> truth(queries);
  const auto exact_start = Clock::now();
  for (size_t q = 0; q < queries; ++q) {
    auto hits = (*exact)->Search(query_set[q], kK);
    for (const SearchHit& h : *hits) truth[q].insert(h.label);
  }
  const double exact_ms = Seconds(exact_start) * 1000.0 / static_cast<double>(queries);
  std::printf(
      "hnsw_sweep: %zu x %zu clustered vectors, %zu queries, k=%d; exact scan %.2f ms/query\n", n,
      kDims, queries, kK, exact_ms);
  std::printf("%4s %6s %9s | %6s %10s %10s %8s\n", "m", "ef_c", "build_s", "ef_s", "recall@10",
              "p50_us", "speedup");

  for (const Setting s : {Setting{8, 100}, Setting{16, 100}, Setting{16, 200}, Setting{32, 200}}) {
    HnswOptions options;
    options.dimensions = kDims;
    options.m = s.m;
    options.ef_construction = s.ef_construction;
    options.initial_capacity = static_cast<int64_t>(n);
    auto index = HnswIndex::Create(options);
    if (!index.ok()) return 1;
    const auto build_start = Clock::now();
    for (size_t i = 0; i < n; ++i) (void)(*index)->Add(i, data[i]);
    const double build_s = Seconds(build_start);
    for (const int32_t ef : {16, 32, 64, 128, 256}) {
      (void)(*index)->SetEfSearch(ef);
      std::vector<double> micros;
      size_t found = 0;
      for (size_t q = 0; q < queries; ++q) {
        const auto t = Clock::now();
        auto hits = (*index)->Search(query_set[q], kK);
        micros.push_back(Seconds(t) * 1e6);
        for (const SearchHit& h : *hits) found += truth[q].count(h.label);
      }
      std::sort(micros.begin(), micros.end());
      const double p50 = micros[micros.size() / 2];
      std::printf("%4d %6d %9.1f | %6d %10.4f %10.1f %7.0fx\n", s.m, s.ef_construction, build_s, ef,
                  static_cast<double>(found) / static_cast<double>(queries * kK), p50,
                  exact_ms * 1000.0 / p50);
    }
  }
  return 0;
}

}  // namespace
}  // namespace lakehouse::bench

int main(int argc, char** argv) {
  size_t n = 100'000;
  size_t queries = 1'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--vectors") == 0) n = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--queries") == 0) queries = std::strtoull(argv[i + 1], nullptr, 10);
  }
  return lakehouse::bench::Run(n, queries);
}
