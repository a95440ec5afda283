// HnswIndex: approximate top-k inner-product search, an adapter over hnswlib 0.6.2 (the only file
// that includes hnswlib is hnsw_index.cc; its exceptions are caught there and become Statuses).
//
// Scores: the "distance" hnswlib sees is -<q, v>; Search negates it back, so a hit's score is the
// inner product <q, v> itself — the cosine similarity with normalize = true (the
// default), exactly comparable with ExactIndex scores.
//
// Deletion: Remove marks the label deleted (hnswlib markDelete); the element stays in the graph
// as a waypoint, so the index does not shrink. Deleted labels are never returned by Search.
// Adding a deleted label again revives and updates it in place. When deleted_fraction() grows
// large (say > 0.3) recall and memory suffer: rebuild the index off to the side and swap it in.
//
// Capacity grows geometrically (×2, via hnswlib resizeIndex) as elements are added.
//
// Persistence: Save writes hnswlib's format to a temporary file, checks its size, fsyncs and
// renames it over the target; Load validates the file before and the graph after hnswlib reads
// it: a missing file is NOT_FOUND, a truncated/corrupt/foreign one DATA_LOSS.
//
// Thread-safety: thread-safe. One shared mutex per index: Search, Save and the accessors share it
// and never block each other; Add, Remove and SetEfSearch take it exclusively. The mutex is
// writer-preferring, so a writer waits only for searches already running (new ones queue behind
// it) and is never starved.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "vector/search_hit.h"
#include "vector/shared_mutex.h"

namespace lakehouse {

struct HnswOptions {
  int32_t dimensions = 384;  // 1..65536
  // Graph degree (links per node; 2·m on the bottom layer), 2..200. Higher m: better recall and
  // robustness on high-dimensional data, more memory (8·m bytes per vector) and slower inserts.
  int32_t m = 16;
  // Candidate list size while inserting, ≥ 1. Higher: better graph, slower inserts.
  int32_t ef_construction = 200;
  // Candidate list size while searching (raised to k when k is larger): the recall/latency knob.
  // With m = 16, ef_construction = 200: recall@10 0.985 at 128 and 0.968 at 64 (~30% less
  // latency) on the built-in embeddings of a text corpus; clustered synthetic vectors reach 0.99
  // at 32 (docs/PERFORMANCE.md, "HNSW parameters").
  int32_t ef_search = 128;
  // Elements allocated up front; the index doubles when full.
  int64_t initial_capacity = 1024;
  // L2-normalise stored vectors and queries, making scores cosines.
  bool normalize = true;
  // Seed of hnswlib's level generator; the same inserts in the same order build the same graph.
  uint64_t random_seed = 100;
};

struct HnswStats {
  int64_t live = 0;      // searchable elements
  int64_t deleted = 0;   // marked deleted, still occupying the graph
  int64_t capacity = 0;  // allocated elements
  double deleted_fraction() const {
    return live + deleted == 0 ? 0.0 : static_cast<double>(deleted) / (live + deleted);
  }
};

class HnswIndex {
 public:
  // INVALID_ARGUMENT for out-of-range options; RESOURCE_EXHAUSTED if memory runs out.
  static Result<std::unique_ptr<HnswIndex>> Create(const HnswOptions& options);

  // Loads a file written by Save. options.dimensions must match the file; m and ef_construction
  // come from the file, ef_search and normalize from options.
  static Result<std::unique_ptr<HnswIndex>> Load(const std::string& path,
                                                 const HnswOptions& options);

  ~HnswIndex();
  HnswIndex(const HnswIndex&) = delete;
  HnswIndex& operator=(const HnswIndex&) = delete;

  // Inserts, or updates the vector of an existing (even deleted, which revives it) label.
  // INVALID_ARGUMENT for a wrong dimension count or a non-finite value.
  Status Add(uint64_t label, std::span<const float> vector);
  // Adds rows.size() / dimensions vectors (row-major) under labels, inserting on `threads`
  // threads at once (hnswlib's addPoint is safe concurrently for distinct new labels; each
  // thread takes its own rows). Labels already present, or repeated in the batch, are added
  // one by one as Add does. Holds the index exclusively for the whole batch.
  Status AddBatch(std::span<const uint64_t> labels, std::span<const float> rows, int32_t threads);

  // Marks a live label deleted. NOT_FOUND when absent or already deleted.
  Status Remove(uint64_t label);

  // Up to k live hits, best first (RanksBefore order). Approximate: see ef_search.
  Result<std::vector<SearchHit>> Search(std::span<const float> query, int32_t k) const;
  // The same with this search's own candidate list size (ef_search ≥ 1, raised to k), leaving
  // the index's setting alone: a request's override, and the recall tuner's ladder.
  Result<std::vector<SearchHit>> Search(std::span<const float> query, int32_t k,
                                        int32_t ef_search) const;

  Status SetEfSearch(int32_t ef_search);

  // Writes the index atomically (see the header comment). Concurrent searches continue.
  Status Save(const std::string& path) const;

  bool Contains(uint64_t label) const;  // live labels only
  HnswStats stats() const;
  int32_t dimensions() const { return options_.dimensions; }

 private:
  struct Graph;  // hnswlib's state, defined in hnsw_index.cc

  HnswIndex(const HnswOptions& options, std::unique_ptr<Graph> graph);

  // Validates and copies an input vector, normalising it when configured.
  Result<std::vector<float>> Prepare(std::span<const float> vector, const char* what) const;

  const HnswOptions options_;
  mutable WriterPreferringSharedMutex mu_;
  std::unique_ptr<Graph> graph_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
