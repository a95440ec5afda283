// ExactIndex: brute-force (exact) top-k inner-product search over a FlatMatrix.
//
// With normalize = true (the default) vectors and queries are L2-normalised on the way in, so
// scores are cosine similarities. A search scans every row with the AVX2/FMA kernel (scalar
// fallback without AVX2) and keeps the best k in a bounded heap; SearchAmong scans only the
// rows of an allowed-label set, which is the right plan for a selective filter (and exact, unlike
// a post-filtered approximate search). Ties are ordered by ascending label (see RanksBefore).
//
// A full search runs in two passes. The first scans the matrix's binary16 copy (half the bytes of
// the floats: ~77 MB for 100K × 384, which is what a memory-bound scan pays for) and bounds each
// row's float score within ± |q|·half_error(r); the k-th best lower bound L then proves that a
// row whose upper bound is below L cannot be in the top k. The second pass re-scores exactly, in
// float, only the rows that could be (typically a few dozen), so the result is the exact one.
//
// Cost: O(n · dims) per query, memory-bandwidth bound, optionally split over search_threads.
// Memory: 6 bytes per stored value (float + half). Use it for small collections, for filtered
// searches, and as the ground truth for HnswIndex.
//
// Thread-safety: thread-safe. One writer-preferring shared mutex per index: searches share it
// and never block each other; Add/Replace/Upsert/Remove take it exclusively.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "common/result.h"
#include "vector/flat_matrix.h"
#include "vector/search_hit.h"
#include "vector/shared_mutex.h"
#include "vector/top_k.h"

namespace lakehouse {

struct ExactIndexOptions {
  int32_t dimensions = 384;  // 1..65536
  // L2-normalise stored vectors and queries (scores are then cosines). Turn off only when the
  // caller wants raw inner products.
  bool normalize = true;
  // Threads one Search may use for a large full scan (≥ kParallelScanMinFloats stored floats);
  // 1 = scan on the calling thread only. A 100K × 384 search takes ~4.8 ms on one core here and
  // ~2.9 ms on two (bench/vector_search); under many concurrent requests keep 1, since request
  // threads already use every core.
  int32_t search_threads = 1;
};

class ExactIndex {
 public:
  // Below this many stored floats a scan stays on the calling thread (thread start-up would cost
  // more than it saves).
  static constexpr size_t kParallelScanMinFloats = size_t{1} << 22;

  static Result<std::unique_ptr<ExactIndex>> Create(const ExactIndexOptions& options);

  // INVALID_ARGUMENT for a wrong dimension count or a non-finite value.
  Status Add(uint64_t label, std::span<const float> vector);      // ALREADY_EXISTS if present
  Status Replace(uint64_t label, std::span<const float> vector);  // NOT_FOUND if absent
  Status Upsert(uint64_t label, std::span<const float> vector);
  Status Remove(uint64_t label);  // NOT_FOUND if absent

  // The min(k, size()) best hits, best first. k < 0 is INVALID_ARGUMENT.
  Result<std::vector<SearchHit>> Search(std::span<const float> query, int32_t k) const;

  // Like Search, restricted to allowed_labels; labels not in the index are ignored and
  // duplicates count once. Costs O(|allowed| · dims), independent of size().
  Result<std::vector<SearchHit>> SearchAmong(std::span<const float> query, int32_t k,
                                             std::span<const uint64_t> allowed_labels) const;

  bool Contains(uint64_t label) const;
  // The stored (normalised, when configured) vector of a label; NOT_FOUND if absent.
  Result<std::vector<float>> Get(uint64_t label) const;
  // Calls fn(label, vector) for every stored vector, under the shared lock (fn must not call
  // back into this index's writers).
  void ForEach(const std::function<void(uint64_t, std::span<const float>)>& fn) const;
  size_t size() const;
  int32_t dimensions() const { return options_.dimensions; }

 private:
  explicit ExactIndex(const ExactIndexOptions& options)
      : options_(options), matrix_(options.dimensions) {}

  // First pass over rows [begin, end) of matrix_: the rows that may be among the best k (their
  // upper score bounds) and the k best lower bounds seen.
  struct ScanCandidates {
    std::vector<std::pair<size_t, float>> rows;  // (row, upper bound)
    std::vector<float> lower;                    // a min-heap of at most k lower bounds
  };
  void ScanRows(const float* padded_query, float query_norm, size_t keep, size_t begin, size_t end,
                ScanCandidates* out) const LH_REQUIRES_SHARED(mu_);

  // Validates, copies and (optionally) normalises an input vector.
  Result<std::vector<float>> Prepare(std::span<const float> vector, const char* what) const;

  const ExactIndexOptions options_;
  mutable WriterPreferringSharedMutex mu_;
  FlatMatrix matrix_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
