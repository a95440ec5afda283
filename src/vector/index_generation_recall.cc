// IndexGeneration: what the recall tuner needs from a generation — a probe (exact and
// approximate top-k labels), a deterministic sample of its chunks, and the strategy it chose.
#include <algorithm>
#include <mutex>
#include <random>
#include <shared_mutex>

#include "vector/index_generation.h"

namespace lakehouse {
namespace {

std::vector<uint64_t> HitLabels(const std::vector<SearchHit>& hits) {
  std::vector<uint64_t> labels;
  labels.reserve(hits.size());
  for (const SearchHit& hit : hits) labels.push_back(hit.label);
  return labels;
}

}  // namespace

void IndexGeneration::SetSearchStrategy(SearchStrategy strategy, int32_t ef_search) {
  tuned_ef_search_.store(std::max(0, ef_search));
  tuned_exact_.store(strategy == SearchStrategy::kExact);
}

SearchStrategy IndexGeneration::search_strategy() const {
  return tuned_exact_.load() || chunk_count() < kExactBelow ? SearchStrategy::kExact
                                                            : SearchStrategy::kHnsw;
}

RecallProbe IndexGeneration::MakeRecallProbe() const {
  RecallProbe probe;
  probe.exact = [this](std::span<const float> query, int32_t k) -> Result<std::vector<uint64_t>> {
    std::shared_ptr<ExactIndex> exact;
    {
      std::shared_lock lock(mu_);
      exact = exact_;
    }
    if (!exact) return FailedPrecondition("the index has no vectors yet");
    LH_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, exact->Search(query, k));
    return HitLabels(hits);
  };
  probe.approximate = [this](std::span<const float> query, int32_t k,
                             int32_t ef_search) -> Result<std::vector<uint64_t>> {
    std::shared_ptr<HnswIndex> hnsw;
    {
      std::shared_lock lock(mu_);
      hnsw = hnsw_;
    }
    if (!hnsw) return FailedPrecondition("the index has no graph yet");
    LH_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, hnsw->Search(query, k, ef_search));
    return HitLabels(hits);
  };
  return probe;
}

std::vector<uint64_t> IndexGeneration::SampleLabels(int32_t n, uint64_t seed) const {
  std::vector<uint64_t> labels;
  {
    std::shared_lock lock(mu_);
    labels.reserve(chunks_.size());
    for (const auto& [label, chunk] : chunks_) labels.push_back(label);
  }
  std::sort(labels.begin(), labels.end());  // independent of the hash map's order
  std::mt19937_64 rng(seed);
  const size_t take = std::min(labels.size(), static_cast<size_t>(std::max(0, n)));
  for (size_t i = 0; i < take; ++i) {
    std::uniform_int_distribution<size_t> pick(i, labels.size() - 1);
    std::swap(labels[i], labels[pick(rng)]);
  }
  labels.resize(take);
  return labels;
}

}  // namespace lakehouse
