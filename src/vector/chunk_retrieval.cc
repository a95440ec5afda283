#include "vector/chunk_retrieval.h"

#include <algorithm>

namespace lakehouse {
namespace {

constexpr int32_t kDefaultRerankCandidates = 50;

Result<std::vector<ChunkHit>> SearchVectors(const IndexGeneration& gen,
                                            std::span<const float> vector,
                                            const RetrievalSpec& spec, int32_t k) {
  if (spec.allowed_labels) return gen.SearchAmong(vector, k, spec.exact, *spec.allowed_labels);
  return gen.Search(vector, k, spec.exact, spec.allowed_docs, spec.ef_search);
}

Result<std::vector<ChunkHit>> RetrieveUnranked(const IndexGeneration& gen,
                                               std::span<const float> vector, std::string_view text,
                                               const RetrievalSpec& spec, int32_t k) {
  switch (spec.mode) {
    case SearchMode::kVector:
      return SearchVectors(gen, vector, spec, k);
    case SearchMode::kKeyword:
      return gen.KeywordSearch(text, k, spec.allowed_docs);
    case SearchMode::kHybrid: {
      const int32_t depth = std::max(k, spec.hybrid.candidates);
      LH_ASSIGN_OR_RETURN(std::vector<ChunkHit> by_vector, SearchVectors(gen, vector, spec, depth));
      LH_ASSIGN_OR_RETURN(std::vector<ChunkHit> by_keyword,
                          gen.KeywordSearch(text, depth, spec.allowed_docs));
      return FuseHybrid(by_vector, by_keyword, spec.hybrid, k);
    }
  }
  return InvalidArgument("unknown search mode");
}

}  // namespace

Result<std::vector<ChunkHit>> RetrieveChunks(const IndexGeneration& gen,
                                             std::span<const float> vector, std::string_view text,
                                             const RetrievalSpec& spec,
                                             const ChunkReranker& reranker,
                                             std::string* reranked_by) {
  if (text.empty() && spec.mode != SearchMode::kVector) {
    return InvalidArgument("mode '", std::string(SearchModeName(spec.mode)),
                           "' searches the query's words: give 'query' text, not a vector");
  }
  if (!spec.rerank) return RetrieveUnranked(gen, vector, text, spec, spec.k);
  if (text.empty()) return InvalidArgument("'rerank' needs 'query' text, not a vector");
  if (!reranker) return FailedPrecondition("no reranker is available");
  const int32_t candidates = spec.rerank->candidates > 0
                                 ? std::max(spec.rerank->candidates, spec.k)
                                 : std::max(spec.k, kDefaultRerankCandidates);
  LH_ASSIGN_OR_RETURN(std::vector<ChunkHit> found,
                      RetrieveUnranked(gen, vector, text, spec, candidates));
  if (found.empty()) return found;
  RerankRequest request;
  request.query = std::string(text);
  request.top_n = spec.k;
  request.documents.reserve(found.size());
  for (const ChunkHit& hit : found) request.documents.push_back(hit.chunk.text);
  LH_ASSIGN_OR_RETURN(RerankResult ranked, reranker(spec.rerank->model, request));
  std::vector<ChunkHit> out;
  out.reserve(std::min<size_t>(ranked.scores.size(), static_cast<size_t>(spec.k)));
  std::vector<bool> taken(found.size(), false);
  for (const RerankScore& score : ranked.scores) {
    if (static_cast<int32_t>(out.size()) == spec.k) break;
    if (taken[static_cast<size_t>(score.index)]) continue;  // a server repeating an index
    taken[static_cast<size_t>(score.index)] = true;
    ChunkHit hit = found[static_cast<size_t>(score.index)];
    hit.score = static_cast<float>(score.score);
    out.push_back(std::move(hit));
  }
  if (reranked_by != nullptr) *reranked_by = ranked.model;
  return out;
}

}  // namespace lakehouse
