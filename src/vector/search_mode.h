// How a search retrieves chunks: by vector similarity, by BM25 keywords, or both fused; and the
// optional rerank of the retrieved candidates. Two fusions:
//
// DBSF, distribution-based score fusion (the default): each list's scores are rescaled by that
// list's own spread, (score - (mean - 3 sd)) / (6 sd) over the candidates retrieved, floored at 0
// but not capped at 1, and a chunk's fused score is vector_weight * its vector score +
// keyword_weight * its keyword score, a missing list contributing nothing. A keyword hit far above
// the other keyword hits (an exact name, a quoted sentence) stays far above: the list is sure, and
// its margin outweighs the other list's votes; a flat BM25 list of loose matches adds little to
// the order the vectors gave. (Capping at 1, as DBSF is usually written, turned every landslide
// into a near-tie with the other list's top: on the truncated queries of the real-data set hybrid
// MRR fell from BM25's 0.982 to 0.82.)
//
// RRF (Cormack, Clarke & Büttcher, SIGIR 2009): a chunk's fused score is
//   vector_weight / (rrf_k + rank in the vector list) + keyword_weight / (rrf_k + rank in the
//   keyword list), ranks from 1. It ignores the scores, so a near-tie and a landslide weigh
//   the same.
//
// Measured on real labelled queries (docs/PERFORMANCE.md, "Search modes"): DBSF beat RRF on both
// sets, and beat both single modes on both, including a mix of paraphrased and truncated queries
// over use-lite-v1 embeddings (recall@10 and MRR).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "vector/index_generation.h"

namespace lakehouse {

enum class SearchMode { kVector, kKeyword, kHybrid };

// "vector", "keyword", "hybrid".
std::string_view SearchModeName(SearchMode mode);
// INVALID_ARGUMENT naming the unknown mode and the accepted ones.
Result<SearchMode> ParseSearchMode(std::string_view name);

enum class HybridFusion { kDbsf, kRrf };

// "dbsf", "rrf".
std::string_view HybridFusionName(HybridFusion fusion);
// INVALID_ARGUMENT naming the unknown fusion and the accepted ones.
Result<HybridFusion> ParseHybridFusion(std::string_view name);

struct HybridOptions {
  HybridFusion fusion = HybridFusion::kDbsf;
  double vector_weight = 1.0;
  double keyword_weight = 1.0;
  int32_t rrf_k = 60;  // RRF only
  // Hits taken from each list before fusing: max(k, this).
  int32_t candidates = 50;

  // INVALID_ARGUMENT for a negative weight, both zero, or rrf_k outside [1, 10000].
  Status Validate() const;
};

struct RerankOptions {
  std::string model;       // "" = ai.rerank_model
  int32_t candidates = 0;  // chunks retrieved and sent to the reranker; 0 = max(k, 50)

  static constexpr int32_t kMaxCandidates = 1000;
};

// The fused top k of two ranked lists (best first) by `options.fusion`; ties go to the smaller
// label; each hit's score is its fused score.
std::vector<ChunkHit> FuseHybrid(const std::vector<ChunkHit>& vector_hits,
                                 const std::vector<ChunkHit>& keyword_hits,
                                 const HybridOptions& options, int32_t k);

std::vector<ChunkHit> FuseDistributionBased(const std::vector<ChunkHit>& vector_hits,
                                            const std::vector<ChunkHit>& keyword_hits,
                                            const HybridOptions& options, int32_t k);

std::vector<ChunkHit> FuseReciprocalRank(const std::vector<ChunkHit>& vector_hits,
                                         const std::vector<ChunkHit>& keyword_hits,
                                         const HybridOptions& options, int32_t k);

}  // namespace lakehouse
