// HnswIndex: approximate top-k inner-product search, an adapter over USearch 2.26 (ADR 014; the
// only file that includes USearch is hnsw_index.cc, its errors become Statuses there).
//
// Scores: the graph's distance is 1 - <q, v>; Search turns it back, so a hit's score is the inner
// product <q, v> — the cosine similarity with normalize = true (the default), comparable with
// ExactIndex scores. With quantization the graph holds float16 or int8 copies of the vectors and
// scores are those of the copies (int8: within ~1e-2); callers that need float scores rescore
// the candidates (IndexGeneration does, with its ExactIndex).
//
// Deletion: Remove marks the label deleted; its slot stays in the graph as a waypoint until a
// later Add reuses it. Deleted labels are never returned by Search. Adding a live or deleted
// label again replaces its vector. When deleted_fraction() grows large (say > 0.3) rebuild the
// index off to the side and swap it in.
//
// Capacity grows geometrically (×2) as elements are added.
//
// Persistence: Save writes a small header (format version, dimensions, quantization, payload
// length and SHA-256) and USearch's serialised index to a temporary file, checks its size, fsyncs
// and renames it over the target; Load maps the file, verifies the header and the checksum before
// USearch reads a byte of it: a missing file is NOT_FOUND, a truncated/corrupt/foreign one
// DATA_LOSS, a graph saved by the hnswlib 0.6.2 adapter of earlier versions FAILED_PRECONDITION
// (the caller rebuilds it from its vectors; IndexGeneration does so on open).
//
// Thread-safety: thread-safe. Search, Add of a new label, Save and the accessors share the index
// and run concurrently (USearch inserts concurrently with searches and with each other); growing
// the capacity, Remove and replacing an existing label's vector take it exclusively. Save blocks
// Adds (not searches) while it writes. The exclusive lock is writer-preferring, so a writer waits
// only for the operations already running and is never starved.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "vector/search_hit.h"
#include "vector/shared_mutex.h"

namespace lakehouse {

// How the graph stores its vectors (ADR 014, docs/PERFORMANCE.md "Quantization"): float32, or a
// float16 / int8 copy (2 or 4 times smaller; int8 requires normalize, and its scale assumes
// unit-norm vectors). Queries are converted the same way.
enum class HnswQuantization { kNone, kF16, kI8 };
std::string_view HnswQuantizationName(HnswQuantization q);              // "none" | "f16" | "i8"
Result<HnswQuantization> ParseHnswQuantization(std::string_view name);  // INVALID_ARGUMENT

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
  // Unused since USearch (its level generator is per thread); kept so callers stay source
  // compatible.
  uint64_t random_seed = 100;
  HnswQuantization quantization = HnswQuantization::kNone;
};

struct HnswStats {
  int64_t live = 0;          // searchable elements
  int64_t deleted = 0;       // marked deleted, still occupying the graph
  int64_t capacity = 0;      // allocated elements
  int64_t memory_bytes = 0;  // the graph's own memory (vectors, links, key lookup)
  double deleted_fraction() const {
    return live + deleted == 0 ? 0.0 : static_cast<double>(deleted) / (live + deleted);
  }
};

class HnswIndex {
 public:
  // INVALID_ARGUMENT for out-of-range options; RESOURCE_EXHAUSTED if memory runs out.
  static Result<std::unique_ptr<HnswIndex>> Create(const HnswOptions& options);

  // Loads a file written by Save. options.dimensions must match the file; m, ef_construction and
  // quantization come from the file, ef_search and normalize from options.
  static Result<std::unique_ptr<HnswIndex>> Load(const std::string& path,
                                                 const HnswOptions& options);

  ~HnswIndex();
  HnswIndex(const HnswIndex&) = delete;
  HnswIndex& operator=(const HnswIndex&) = delete;

  // Inserts, or updates the vector of an existing (even deleted, which revives it) label.
  // INVALID_ARGUMENT for a wrong dimension count or a non-finite value.
  Status Add(uint64_t label, std::span<const float> vector);

  // Inserts rows[i] (dimensions() floats each) as labels[i], on `threads` threads at once: a full
  // build. Same validation as Add; on error some rows may have been inserted.
  Status AddBatch(std::span<const uint64_t> labels, std::span<const float> rows, int32_t threads);

  // Marks a live label deleted. NOT_FOUND when absent or already deleted.
  Status Remove(uint64_t label);

  // Up to k live hits, best first (RanksBefore order). Approximate: see ef_search.
  Result<std::vector<SearchHit>> Search(std::span<const float> query, int32_t k) const;
  // The same with this search's own candidate list size (ef_search ≥ 1, raised to k), leaving
  // the index's setting alone: a request's override, and the recall tuner's ladder.
  Result<std::vector<SearchHit>> Search(std::span<const float> query, int32_t k,
                                        int32_t ef_search) const;

  // Up to k live hits among the labels for which allowed(label) is true, best first: the graph
  // walk skips the others (USearch's predicate search). A selective predicate makes the walk
  // long (0.1 % of 100K: ~10 ms); an exact scan over the allowed set is then cheaper. `allowed`
  // is called concurrently from the searching thread only, under the index's shared lock.
  Result<std::vector<SearchHit>> SearchFiltered(std::span<const float> query, int32_t k,
                                                int32_t ef_search,
                                                const std::function<bool(uint64_t)>& allowed) const;

  Status SetEfSearch(int32_t ef_search);

  // Writes the index atomically (see the header comment). Concurrent searches continue.
  Status Save(const std::string& path) const;

  bool Contains(uint64_t label) const;  // live labels only
  HnswStats stats() const;
  int32_t dimensions() const { return options_.dimensions; }
  HnswQuantization quantization() const { return options_.quantization; }

 private:
  struct Graph;  // USearch's state, defined in hnsw_index.cc

  HnswIndex(const HnswOptions& options, std::unique_ptr<Graph> graph);

  // Validates and copies an input vector, normalising it when configured.
  Result<std::vector<float>> Prepare(std::span<const float> vector, const char* what) const;
  // Adds a prepared vector; the caller holds add_mu_ shared and nothing else.
  Status AddPrepared(uint64_t label, const std::vector<float>& v);
  Result<std::vector<SearchHit>> SearchImpl(std::span<const float> query, int32_t k,
                                            int32_t ef_search,
                                            const std::function<bool(uint64_t)>* allowed) const;

  const HnswOptions options_;
  // Lock order: add_mu_ before mu_. Adds hold add_mu_ shared; Save holds it exclusively.
  mutable WriterPreferringSharedMutex add_mu_;
  mutable WriterPreferringSharedMutex mu_;
  std::unique_ptr<Graph> graph_;  // the pointer is constant; the graph is guarded by mu_
};

}  // namespace lakehouse
