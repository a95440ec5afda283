#include "vector/search_mode.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace lakehouse {

std::string_view SearchModeName(SearchMode mode) {
  switch (mode) {
    case SearchMode::kVector:
      return "vector";
    case SearchMode::kKeyword:
      return "keyword";
    case SearchMode::kHybrid:
      return "hybrid";
  }
  return "vector";
}

Result<SearchMode> ParseSearchMode(std::string_view name) {
  if (name == "vector") return SearchMode::kVector;
  if (name == "keyword") return SearchMode::kKeyword;
  if (name == "hybrid") return SearchMode::kHybrid;
  return InvalidArgument("unknown search mode '", std::string(name),
                         "': expected \"vector\", \"keyword\" or \"hybrid\"");
}

std::string_view HybridFusionName(HybridFusion fusion) {
  return fusion == HybridFusion::kRrf ? "rrf" : "dbsf";
}

Result<HybridFusion> ParseHybridFusion(std::string_view name) {
  if (name == "dbsf") return HybridFusion::kDbsf;
  if (name == "rrf") return HybridFusion::kRrf;
  return InvalidArgument("unknown hybrid fusion '", std::string(name),
                         "': expected \"dbsf\" or \"rrf\"");
}

Status HybridOptions::Validate() const {
  if (!(vector_weight >= 0) || !(keyword_weight >= 0)) {
    return InvalidArgument("hybrid weights must be non-negative numbers");
  }
  if (vector_weight == 0 && keyword_weight == 0) {
    return InvalidArgument("hybrid 'vector_weight' and 'keyword_weight' cannot both be 0");
  }
  if (rrf_k < 1 || rrf_k > 10'000) return InvalidArgument("hybrid 'rrf_k' must be in [1, 10000]");
  return Status::Ok();
}

namespace {

struct Fused {
  double score = 0;
  const ChunkHit* hit = nullptr;
};

// Adds `weight * value(rank)` of each hit to its label's fused score.
template <typename Value>
void AddList(const std::vector<ChunkHit>& hits, double weight, Value value,
             std::unordered_map<uint64_t, Fused>* fused) {
  if (weight == 0) return;
  for (size_t rank = 0; rank < hits.size(); ++rank) {
    Fused& f = (*fused)[hits[rank].label];
    f.score += weight * value(rank);
    if (f.hit == nullptr) f.hit = &hits[rank];
  }
}

std::vector<ChunkHit> BestOf(const std::unordered_map<uint64_t, Fused>& fused, int32_t k) {
  std::vector<Fused> ranked;
  ranked.reserve(fused.size());
  for (const auto& [label, f] : fused) ranked.push_back(f);
  std::sort(ranked.begin(), ranked.end(), [](const Fused& a, const Fused& b) {
    return a.score != b.score ? a.score > b.score : a.hit->label < b.hit->label;
  });
  std::vector<ChunkHit> out;
  for (const Fused& f : ranked) {
    if (static_cast<int32_t>(out.size()) >= k) break;
    ChunkHit hit = *f.hit;
    hit.score = static_cast<float>(f.score);
    out.push_back(std::move(hit));
  }
  return out;
}

// Each hit's score rescaled by its list's spread: mean - 3 sd → 0, mean + 3 sd → 1, and above
// that more than 1 (not clipped: a landslide keeps its margin; in a list of n scores none is
// more than sqrt(n - 1) sd above the mean, so the scale stays bounded). Below mean - 3 sd → 0.
// One hit, or all equal, → 0.5.
std::vector<double> DistributionScaled(const std::vector<ChunkHit>& hits) {
  std::vector<double> out(hits.size(), 0.5);
  if (hits.size() < 2) return out;
  double sum = 0;
  for (const ChunkHit& h : hits) sum += h.score;
  const double mean = sum / static_cast<double>(hits.size());
  double squares = 0;
  for (const ChunkHit& h : hits) squares += (h.score - mean) * (h.score - mean);
  const double sd = std::sqrt(squares / static_cast<double>(hits.size()));
  if (!(sd > 0)) return out;
  for (size_t i = 0; i < hits.size(); ++i) {
    out[i] = std::max(0.0, (hits[i].score - (mean - 3 * sd)) / (6 * sd));
  }
  return out;
}

}  // namespace

std::vector<ChunkHit> FuseHybrid(const std::vector<ChunkHit>& vector_hits,
                                 const std::vector<ChunkHit>& keyword_hits,
                                 const HybridOptions& options, int32_t k) {
  return options.fusion == HybridFusion::kRrf
             ? FuseReciprocalRank(vector_hits, keyword_hits, options, k)
             : FuseDistributionBased(vector_hits, keyword_hits, options, k);
}

std::vector<ChunkHit> FuseDistributionBased(const std::vector<ChunkHit>& vector_hits,
                                            const std::vector<ChunkHit>& keyword_hits,
                                            const HybridOptions& options, int32_t k) {
  std::unordered_map<uint64_t, Fused> fused;
  const std::vector<double> by_vector = DistributionScaled(vector_hits);
  const std::vector<double> by_keyword = DistributionScaled(keyword_hits);
  AddList(
      vector_hits, options.vector_weight, [&](size_t rank) { return by_vector[rank]; }, &fused);
  AddList(
      keyword_hits, options.keyword_weight, [&](size_t rank) { return by_keyword[rank]; }, &fused);
  return BestOf(fused, k);
}

std::vector<ChunkHit> FuseReciprocalRank(const std::vector<ChunkHit>& vector_hits,
                                         const std::vector<ChunkHit>& keyword_hits,
                                         const HybridOptions& options, int32_t k) {
  std::unordered_map<uint64_t, Fused> fused;
  auto inverse_rank = [&](size_t rank) {
    return 1.0 / (options.rrf_k + static_cast<double>(rank + 1));
  };
  AddList(vector_hits, options.vector_weight, inverse_rank, &fused);
  AddList(keyword_hits, options.keyword_weight, inverse_rank, &fused);
  return BestOf(fused, k);
}

}  // namespace lakehouse
