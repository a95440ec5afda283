// SearchHit: one result of a vector search, and the result order shared by every index.
//
// Labels are opaque uint64 values chosen by the caller. The vector subsystem never interprets
// them: the caller (the vector service) owns the mapping from a label to (doc_id, chunk_idx),
// e.g. by packing them or through its own table, and must keep it consistent with the index.
//
// Thread-safety: a plain value type.
#pragma once

#include <cstdint>

namespace lakehouse {

struct SearchHit {
  uint64_t label = 0;
  // Inner product of query and stored vector; the cosine similarity when both are L2-normalised
  // (the default): 1 = same direction, 0 = orthogonal, -1 = opposite.
  float score = 0.0f;

  friend bool operator==(const SearchHit&, const SearchHit&) = default;
};

// Result order: higher score first; equal scores by ascending label, so results are deterministic.
inline bool RanksBefore(const SearchHit& a, const SearchHit& b) {
  return a.score > b.score || (a.score == b.score && a.label < b.label);
}

}  // namespace lakehouse
