// RecallTuner: measures how much of the exact top-k an approximate (HNSW) search finds on an
// index's own data, and chooses the search strategy that reaches a recall target at the least
// cost: the smallest ef_search on a ladder whose recall@k reaches the target, or exact search
// when no rung reaches it or when exact search is no slower than HNSW at that rung (small
// indexes, where a full scan costs a fraction of a millisecond).
//
// The tuner sees an index only through a RecallProbe (exact and approximate top-k labels), so
// it runs over an IndexGeneration in the service and over bare ExactIndex / HnswIndex in tests.
// Ground truth is exact search; a query may name a label to leave out of both result lists (a
// stored vector used as a query finds itself, which would flatter the approximate search).
//
// Determinism: the recall figures depend only on the probe and the queries; the strategy choice
// also compares measured latencies unless RecallTunerOptions::compare_latency is false.
//
// Thread-safety: stateless functions; a probe must be safe to call from the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

enum class SearchStrategy { kHnsw, kExact };
std::string_view SearchStrategyName(SearchStrategy strategy);  // "hnsw" | "exact"
Result<SearchStrategy> ParseSearchStrategy(std::string_view name);

struct RecallQuery {
  std::vector<float> vector;
  std::optional<uint64_t> exclude_label;  // left out of the exact and the approximate top-k
};

struct RecallProbe {
  // Exact top-k labels, best first.
  std::function<Result<std::vector<uint64_t>>(std::span<const float> query, int32_t k)> exact;
  // Approximate top-k labels with candidate list size ef_search, best first.
  std::function<Result<std::vector<uint64_t>>(std::span<const float> query, int32_t k,
                                              int32_t ef_search)>
      approximate;
};

struct RecallTunerOptions {
  double target_recall = 0.95;  // (0, 1]
  int32_t k = 10;
  // Tried in ascending order until one reaches the target.
  std::vector<int32_t> ef_ladder = {16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024};
  // Choose exact search when its median latency is at most HNSW's at the chosen rung.
  bool compare_latency = true;
  // Asked between passes; a non-OK status (e.g. CANCELLED at shutdown) ends the measurement.
  std::function<Status()> check_cancelled;
};

// One rung of the ladder (or one trial of an eval): recall@k and per-query latency.
struct EfTrial {
  int32_t ef_search = 0;
  double recall = 0;
  double p50_us = 0;
  double p95_us = 0;
  double p99_us = 0;
};

struct RecallMeasurement {
  double measured = 0;  // recall@k of the chosen strategy (1 for exact)
  double target = 0.95;
  int32_t k = 10;
  int32_t ef_search = 0;  // the chosen rung; the best tried when the strategy is exact
  SearchStrategy strategy = SearchStrategy::kHnsw;
  int32_t sample_queries = 0;
  int64_t measured_at = 0;  // epoch micros, set by the caller
  int64_t chunk_count = 0;  // index size when measured, set by the caller
  double exact_p50_us = 0;
  std::vector<EfTrial> trials;  // the rungs tried, ascending

  Json ToJson() const;
  static Result<RecallMeasurement> FromJson(const Json& json);
};

// Mean over queries of |approximate ∩ truth| / |truth| (queries with an empty truth count 1).
double RecallAtK(const std::vector<std::vector<uint64_t>>& approximate,
                 const std::vector<std::vector<uint64_t>>& truth);

// Measures and chooses (see the header comment). INVALID_ARGUMENT for an empty query set, a
// target outside (0, 1] or an empty ladder; probe errors are returned as they are.
Result<RecallMeasurement> MeasureRecall(const RecallProbe& probe,
                                        std::span<const RecallQuery> queries,
                                        const RecallTunerOptions& options);

// Recall@k and latency of one ef_search against ground truth computed once by the caller.
Result<EfTrial> RunEfTrial(const RecallProbe& probe, std::span<const RecallQuery> queries,
                           const std::vector<std::vector<uint64_t>>& truth, int32_t k,
                           int32_t ef_search);

// Exact top-k of every query (exclusions applied), and the per-query latencies in micros.
Result<std::vector<std::vector<uint64_t>>> ExactTruth(const RecallProbe& probe,
                                                      std::span<const RecallQuery> queries,
                                                      int32_t k, std::vector<double>* latencies_us);

// The q-quantile (0..1) of latencies, nearest rank; 0 for none.
double Quantile(std::vector<double> values, double q);

}  // namespace lakehouse
