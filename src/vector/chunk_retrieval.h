// RetrieveChunks: one query's chunks from a generation in the requested SearchMode — vector
// (HNSW or exact), keyword (BM25) or hybrid (both, fused by RRF) — optionally reranked by a
// cross-encoder: then `rerank.candidates` chunks are retrieved and the reranker's best k kept,
// scored by the reranker.
//
// Thread-safety: stateless; the generation and the reranker are thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "embed/reranker.h"
#include "vector/index_generation.h"
#include "vector/search_mode.h"

namespace lakehouse {

// Reranks documents for a query with the named model ("" = the configured default).
using ChunkReranker =
    std::function<Result<RerankResult>(std::string_view model, const RerankRequest& request)>;

struct RetrievalSpec {
  SearchMode mode = SearchMode::kVector;
  HybridOptions hybrid;
  std::optional<RerankOptions> rerank;
  int32_t k = 10;
  bool exact = false;
  const std::unordered_set<std::string>* allowed_docs = nullptr;  // a filter's documents
  // … and their chunks' labels, sorted (ResolvedFilter::Labels): vector search runs among them.
  const std::vector<uint64_t>* allowed_labels = nullptr;
  int32_t ef_search = 0;  // HNSW candidate list size; 0 = the index's measured choice
};

// `vector` is the query's embedding (empty in keyword mode), `text` its words (empty when the
// caller searched by vector: keyword, hybrid and rerank then fail with INVALID_ARGUMENT).
// *reranked_by receives the reranker's model id when one ran.
Result<std::vector<ChunkHit>> RetrieveChunks(const IndexGeneration& gen,
                                             std::span<const float> vector, std::string_view text,
                                             const RetrievalSpec& spec,
                                             const ChunkReranker& reranker,
                                             std::string* reranked_by);

}  // namespace lakehouse
