// How a search retrieves chunks: by vector similarity, by BM25 keywords, or both fused with
// reciprocal rank fusion; and the optional rerank of the retrieved candidates.
//
// RRF (Cormack, Clarke & Büttcher, SIGIR 2009): a chunk's fused score is
//   vector_weight / (rrf_k + rank in the vector list) + keyword_weight / (rrf_k + rank in the
//   keyword list), ranks from 1, a missing list contributing nothing.
// It needs no score calibration between cosine similarities and BM25.
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

struct HybridOptions {
  double vector_weight = 1.0;
  double keyword_weight = 1.0;
  int32_t rrf_k = 60;
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

// The fused top k of two ranked lists (best first), scored by RRF; ties go to the smaller label.
std::vector<ChunkHit> FuseReciprocalRank(const std::vector<ChunkHit>& vector_hits,
                                         const std::vector<ChunkHit>& keyword_hits,
                                         const HybridOptions& options, int32_t k);

}  // namespace lakehouse
