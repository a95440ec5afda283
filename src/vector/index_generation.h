// IndexGeneration: one generation of a vector index — its chunks in memory (doc and chunk
// records, an HnswIndex for approximate search and an ExactIndex for exact and filtered search)
// and on disk under its directory:
//
//   part-000001.parquet …   one file per checkpoint (IndexBatch), rows in apply order:
//                           op 'drop' (doc_id), 'del' (label), 'doc' (doc_id, doc_hash),
//                           'add' (label, doc_id, chunk_idx, chunk_text, content_hash, doc_hash,
//                           vector FLOAT[d]). Readable from SQL.
//   base-<seq>.parquet       a compaction of the parts up to <seq> (index_generation_compact.cc):
//                           only the live documents ('doc') and chunks ('add') as of part <seq>;
//                           it supersedes those parts (and any older base)
//   graph-<seq>.hnsw         the HNSW graph as of part <seq> (IndexStore's graph_seq)
//   keyword.sqlite           BM25 keyword index of the chunk texts (KeywordIndex), as of its own
//                            applied_seq; Open replays the parts after it (or rebuilds it)
//
// Writes are ordered so that a crash at any point leaves a consistent generation: a part is
// written to a temp file, fsynced and renamed, and only then recorded in the registry
// (IndexStore::SaveCheckpoint); on Open, parts beyond the registry's parts_seq are leftovers of a
// crash and deleted, and parts after the saved graph are replayed into it.
//
// Concurrency: searches never block each other. Apply adds new vectors to the ANN and exact
// indexes first (invisible: searches map labels through the chunk records), then publishes the
// batch under a short exclusive lock — so a search sees each checkpoint batch entirely or not at
// all, never a half-updated document.
//
// Thread-safety: thread-safe; Apply/WritePart calls are serialised by the caller (one refresh
// per index at a time).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "sql/connection.h"
#include "vector/exact_index.h"
#include "vector/hnsw_index.h"
#include "vector/keyword_index.h"
#include "vector/part_merge_sql.h"
#include "vector/recall_tuner.h"

namespace lakehouse {

struct ChunkRecord {
  std::string doc_id;
  int32_t chunk_idx = 0;
  std::string text;
  std::string content_hash;
};

struct DocRecord {
  std::string doc_hash;
  std::vector<uint64_t> labels;  // its live chunks
};

// The changes of one checkpoint, applied in this order: drops, removes, docs, adds.
struct IndexBatch {
  struct Add {
    uint64_t label = 0;
    std::string doc_id;
    int32_t chunk_idx = 0;
    std::string text;
    std::string content_hash;
    std::string doc_hash;
    std::vector<float> vector;
  };
  std::vector<std::string> drops;                         // documents deleted, with their chunks
  std::vector<uint64_t> removes;                          // chunk labels removed
  std::vector<std::pair<std::string, std::string>> docs;  // doc_id → new doc hash
  std::vector<Add> adds;                                  // new chunks (new labels)
  bool empty() const { return drops.empty() && removes.empty() && docs.empty() && adds.empty(); }
};

struct ChunkHit {
  uint64_t label = 0;
  float score = 0;
  ChunkRecord chunk;  // content_hash left empty: a search has no use for it
};

struct GenerationOptions {
  std::string dir;         // created if missing
  int32_t dimensions = 0;  // 0 = unknown until the first vectors arrive
  int32_t m = 16;
  int32_t ef_construction = 200;
  int32_t ef_search = 128;
  // Tests only: called at each step boundary of a compaction ("base_written": the new base is
  // durable under its temp name; "base_renamed": it is published; "superseded_removed": one
  // superseded file is gone). A non-OK status stops the compaction there without any cleanup,
  // as a crash would.
  std::function<Status(std::string_view step)> compaction_fault;
};

class IndexGeneration {
 public:
  // Loads parts 1..parts_seq (deleting later ones), the saved graph of graph_seq when present
  // (rebuilding it from the vectors otherwise) and replays parts after it. `conn` reads Parquet.
  static Result<std::unique_ptr<IndexGeneration>> Open(const GenerationOptions& options,
                                                       int64_t parts_seq, int64_t graph_seq,
                                                       Connection* conn);

  // Writes batch as part `seq` (durably, atomically). The caller records it in the registry
  // afterwards and then calls Apply.
  Status WritePart(int64_t seq, const IndexBatch& batch, Connection* conn) const;
  // Publishes the batch in memory (see the header comment) and applies it to the keyword index,
  // recording `seq` there (the part it was written as; 0 = none). INVALID_ARGUMENT when vectors
  // have the wrong dimension.
  Status Apply(const IndexBatch& batch, int64_t seq = 0);
  // Saves the HNSW graph as graph-<seq>.hnsw (and removes older graph files); afterwards
  // unsaved_graph_changes() is 0.
  Status SaveGraph(int64_t seq);
  // Chunks added to or removed from the HNSW graph since it was last saved (or loaded): what Open
  // would replay into the saved graph from the later parts. Lets the refresher save the graph
  // (a full rewrite, ~170 MB at 100K × 384) only once enough has changed, instead of per refresh.
  int64_t unsaved_graph_changes() const { return unsaved_graph_changes_.load(); }
  // Compaction (index_generation_compact.cc). The files a reader of parts 1..parts_seq uses: the
  // compacted base (if any) and the parts after it.
  PartFiles LiveFiles(int64_t parts_seq) const;
  // Parts after the base up to parts_seq: what a compaction up to parts_seq would fold.
  int64_t PartsAfterBase(int64_t parts_seq) const;
  // Writes base-<upto_seq>.parquet, the merge of the live files up to part upto_seq (durably,
  // atomically: a temp file fsynced and renamed), and makes it the base. Reads files only (no
  // lock on the in-memory state): the caller serialises it with WritePart and passes an
  // upto_seq recorded in the registry, and no later than the saved graph (Open replays parts
  // after the graph into it, so those must stay). False when there was nothing to fold.
  Result<bool> WriteBase(int64_t upto_seq, Connection* conn);
  // Deletes the files the base supersedes (older bases, parts up to it). Call after readers of
  // the old files (the embeddings view) were moved to LiveFiles. A crash before or during it
  // loses nothing: Open deletes superseded files too.
  Status RemoveSuperseded();
  int64_t base_seq() const { return base_seq_.load(); }
  std::string BasePath(int64_t seq) const;

  // Rebuilds the HNSW graph from the live vectors when more than `max_deleted_fraction` of its
  // elements are deleted; true when it did. Searches keep using the old graph meanwhile.
  Result<bool> CompactGraphIfNeeded(double max_deleted_fraction);

  // Below this many chunks every search is exact (a scan costs less than a graph walk).
  static constexpr int64_t kExactBelow = 2000;

  // Up to k best chunks. exact → the SIMD scan; allowed_docs → only chunks of those documents
  // (exact over their labels when selective, else over-fetched HNSW with an exact fallback).
  // Otherwise the strategy set by SetSearchStrategy (exact, or HNSW at its ef_search) — unless
  // ef_search > 0, which searches the graph with that candidate list size.
  Result<std::vector<ChunkHit>> Search(std::span<const float> query, int32_t k, bool exact,
                                       const std::unordered_set<std::string>* allowed_docs,
                                       int32_t ef_search = 0) const;
  // Like Search with allowed_docs, given their chunks' labels as LabelsOf returned them (sorted).
  // Labels of chunks removed since are skipped; chunks added since are missed, so callers that
  // keep labels re-read them when publish_epoch() moved.
  Result<std::vector<ChunkHit>> SearchAmong(std::span<const float> query, int32_t k, bool exact,
                                            std::span<const uint64_t> sorted_labels) const;
  // The labels of the live chunks of `docs`, sorted, and the publish epoch they were read at.
  std::pair<std::vector<uint64_t>, int64_t> LabelsOf(
      const std::unordered_set<std::string>& docs) const;
  // Moves on every published batch (Apply); equal epochs mean equal doc → label maps.
  int64_t publish_epoch() const { return publish_epoch_.load(); }

  // The recall tuner's choice (RecallTuner): unfiltered searches without an explicit ef_search
  // become exact scans (kExact), or graph searches with this ef_search (kHnsw; 0 = the
  // generation's configured ef_search).
  void SetSearchStrategy(SearchStrategy strategy, int32_t ef_search);
  SearchStrategy search_strategy() const;
  // Exact and approximate top-k labels for the tuner, over this generation (which must outlive
  // the probe). Labels of a batch not yet published may appear; the caller tunes between
  // refreshes, when there are none.
  RecallProbe MakeRecallProbe() const;
  // Up to n live chunk labels drawn without replacement, the same for the same seed and contents.
  std::vector<uint64_t> SampleLabels(int32_t n, uint64_t seed) const;
  // Chunks added or removed by Apply since ResetChangesSinceTuning: a refresh re-measures recall
  // when this is more than a few percent of the index.
  int64_t changes_since_tuning() const { return changes_since_tuning_.load(); }
  void ResetChangesSinceTuning() { changes_since_tuning_.store(0); }

  // Up to k best chunks by BM25 for the words of `text` (keyword_search.cc); allowed_docs as in
  // Search. UNAVAILABLE when the keyword index could not be opened.
  Result<std::vector<ChunkHit>> KeywordSearch(
      std::string_view text, int32_t k, const std::unordered_set<std::string>* allowed_docs) const;

  std::optional<DocRecord> Doc(const std::string& doc_id) const;
  std::optional<ChunkRecord> Chunk(uint64_t label) const;
  Result<std::vector<float>> Vector(uint64_t label) const;
  // (doc_id, doc_hash) of every document, for a full diff in SQL.
  std::vector<std::pair<std::string, std::string>> DocHashes() const;

  int64_t doc_count() const;
  // Documents with an unknown hash: a chunk of theirs failed to embed, so the next refresh must
  // embed them again (even when the dataset has not moved).
  int64_t docs_pending_retry() const;
  int64_t chunk_count() const;
  int32_t dimensions() const;
  HnswStats graph_stats() const;
  const std::string& dir() const { return options_.dir; }
  std::string PartPath(int64_t seq) const;
  std::string GraphPath(int64_t seq) const;
  Status SetEfSearch(int32_t ef_search);

 private:
  explicit IndexGeneration(GenerationOptions options) : options_(std::move(options)) {}
  // Creates the exact and HNSW indexes on first use. Requires mu_ held exclusively (or no
  // concurrent access, as in Open).
  Status EnsureIndexes(int32_t dimensions);
  // Loads one part or base file (seq: its sequence number, for the keyword index's replay).
  Status LoadPart(const std::string& path, int64_t seq, bool add_to_graph, Connection* conn);
  // Opens keyword.sqlite before the parts load; FinishKeywordIndex rebuilds it from the loaded
  // chunks when it was unusable or ahead of the registry (keyword_search.cc).
  void OpenKeywordIndex(int64_t parts_seq);
  void FinishKeywordIndex(int64_t parts_seq);
  // The batch's changes in the keyword index, recorded as part `seq`.
  Status ApplyKeywords(const IndexBatch& batch, int64_t seq);
  // Removes the batch's chunks (its removes and every chunk of its dropped documents) from the
  // exact index and, when from_graph, from the HNSW graph. Requires mu_ held exclusively.
  void UnindexLocked(const IndexBatch& batch, bool from_graph);
  // Sets a document's hash, creating its record, keeping unhashed_docs_. Requires mu_ exclusive.
  void SetDocHashLocked(const std::string& doc_id, const std::string& hash);
  // Applies the batch to the doc and chunk records. Requires mu_ held exclusively.
  void PublishLocked(const IndexBatch& batch);
  // Search's allowed-labels branch (sorted labels) and its hit mapping. Require mu_ held (shared).
  Result<std::vector<SearchHit>> SearchAllowedLocked(std::span<const float> query, int32_t k,
                                                     bool exact_only,
                                                     std::span<const uint64_t> sorted) const;
  std::vector<uint64_t> LabelsOfLocked(const std::unordered_set<std::string>& docs) const;
  std::vector<ChunkHit> ToChunkHitsLocked(const std::vector<SearchHit>& hits, int32_t k) const;

  GenerationOptions options_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, DocRecord> docs_;   // guarded by mu_
  std::unordered_map<uint64_t, ChunkRecord> chunks_;  // guarded by mu_
  int64_t unhashed_docs_ = 0;                         // docs_ with an empty hash; guarded by mu_
  std::shared_ptr<HnswIndex> hnsw_;                   // pointer guarded by mu_
  std::atomic<int64_t> unsaved_graph_changes_{0};
  std::unique_ptr<KeywordIndex> keyword_;  // set in Open only; null when it could not be opened
  bool keyword_rebuild_ = false;           // Open only: rebuild keyword_ after loading the parts
  std::atomic<int64_t> changes_since_tuning_{0};
  std::atomic<bool> tuned_exact_{false};
  std::atomic<int32_t> tuned_ef_search_{0};
  std::atomic<int64_t> publish_epoch_{0};  // written under mu_ exclusively
  std::atomic<int64_t> base_seq_{0};       // the compacted base's seq; 0 = none
  std::shared_ptr<ExactIndex> exact_;      // pointer guarded by mu_
};

}  // namespace lakehouse
