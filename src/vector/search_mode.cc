#include "vector/search_mode.h"

#include <algorithm>
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

std::vector<ChunkHit> FuseReciprocalRank(const std::vector<ChunkHit>& vector_hits,
                                         const std::vector<ChunkHit>& keyword_hits,
                                         const HybridOptions& options, int32_t k) {
  struct Fused {
    double score = 0;
    const ChunkHit* hit = nullptr;
  };
  std::unordered_map<uint64_t, Fused> fused;
  auto add = [&](const std::vector<ChunkHit>& hits, double weight) {
    if (weight == 0) return;
    for (size_t rank = 0; rank < hits.size(); ++rank) {
      Fused& f = fused[hits[rank].label];
      f.score += weight / (options.rrf_k + static_cast<double>(rank + 1));
      if (f.hit == nullptr) f.hit = &hits[rank];
    }
  };
  add(vector_hits, options.vector_weight);
  add(keyword_hits, options.keyword_weight);
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

}  // namespace lakehouse
