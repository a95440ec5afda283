// IndexGeneration: its keyword index (keyword.sqlite) — opening, replay and rebuild at Open, the
// per-checkpoint apply, and BM25 search mapped through the chunk records.
#include <algorithm>

#include "common/logging.h"
#include "vector/index_generation.h"

namespace lakehouse {
namespace {

// Keyword hits fetched per wanted hit without a filter: labels of a batch being applied may be
// in the keyword index before they are visible, and are skipped.
constexpr int32_t kKeywordSlack = 16;
// With a filter, this many best matches are fetched and the allowed ones kept.
constexpr int32_t kFilteredKeywordCandidates = 10'000;

}  // namespace

void IndexGeneration::OpenKeywordIndex(int64_t parts_seq) {
  Result<std::unique_ptr<KeywordIndex>> opened = KeywordIndex::Open(options_.dir);
  if (!opened.ok()) {
    LH_LOG_WARN("index {}: keyword index unreadable ({}); rebuilding it", options_.dir,
                opened.status().ToString());
    KeywordIndex::Remove(options_.dir);
    opened = KeywordIndex::Open(options_.dir);
  }
  if (!opened.ok()) {
    LH_LOG_ERROR("index {}: cannot create its keyword index: {}", options_.dir,
                 opened.status().ToString());
    return;
  }
  keyword_ = std::move(opened).value();
  // Ahead of the registry: parts it holds were never recorded (a crash, or a registry restored
  // from a backup). Replaying cannot undo them; rebuild from the recorded parts instead.
  keyword_rebuild_ = keyword_->applied_seq() > parts_seq;
}

void IndexGeneration::FinishKeywordIndex(int64_t parts_seq) {
  if (!keyword_ || !keyword_rebuild_) return;
  keyword_rebuild_ = false;
  std::shared_lock lock(mu_);
  std::vector<KeywordChunk> chunks;
  chunks.reserve(chunks_.size());
  for (const auto& [label, chunk] : chunks_) {
    chunks.push_back(KeywordChunk{label, chunk.doc_id, chunk.text});
  }
  Status rebuilt = keyword_->Rebuild(parts_seq, chunks);
  if (!rebuilt.ok()) {
    LH_LOG_ERROR("index {}: keyword index rebuild failed: {}", options_.dir, rebuilt.ToString());
    keyword_.reset();
  }
}

Status IndexGeneration::ApplyKeywords(const IndexBatch& batch, int64_t seq) {
  std::vector<KeywordChunk> adds;
  adds.reserve(batch.adds.size());
  for (const IndexBatch::Add& add : batch.adds) {
    adds.push_back(KeywordChunk{add.label, add.doc_id, add.text});
  }
  Status status = keyword_->Apply(seq, batch.drops, batch.removes, adds);
  return status.WithContext("keyword index of '" + options_.dir + "'");
}

Result<std::vector<ChunkHit>> IndexGeneration::KeywordSearch(
    std::string_view text, int32_t k, const std::unordered_set<std::string>* allowed_docs) const {
  if (k <= 0) return std::vector<ChunkHit>{};
  if (!keyword_) return Unavailable("the keyword index of '", options_.dir, "' is unavailable");
  const int32_t limit =
      allowed_docs != nullptr ? std::max(kFilteredKeywordCandidates, k * 4) : k * 2 + kKeywordSlack;
  LH_ASSIGN_OR_RETURN(std::vector<KeywordHit> found, keyword_->Search(text, limit));
  std::vector<ChunkHit> out;
  std::shared_lock lock(mu_);
  for (const KeywordHit& hit : found) {
    auto it = chunks_.find(hit.label);
    if (it == chunks_.end()) continue;
    const ChunkRecord& c = it->second;
    if (allowed_docs != nullptr && allowed_docs->count(c.doc_id) == 0) continue;
    out.push_back(ChunkHit{hit.label, hit.score, ChunkRecord{c.doc_id, c.chunk_idx, c.text, {}}});
    if (static_cast<int32_t>(out.size()) == k) break;
  }
  return out;
}

}  // namespace lakehouse
