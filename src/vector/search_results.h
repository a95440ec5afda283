// SearchResults: what POST /vectors/search and /vectors/search/batch found, and its JSON.
//
// The response is written with JsonWriter rather than built as an nlohmann tree: for a cheap
// approximate search (≈ 150 µs) the tree of 10 hits cost ≈ 8 µs to build, dump and free.
//
//   {"index", "index_version", "dataset_version", "stale", "exact", "mode", "reranked_by",
//    "elapsed_ms",
//    "results": [hit, ...]            (one query)
//    "results": [[hit, ...], ...]}    (a batch: results[i] belongs to query i)
//   hit = {"doc_id", "chunk_idx", "score", "chunk_text", "row"?}
//
// "row" is present when rows were asked for: the dataset row of the hit's document (the columns
// asked for), or null when that document is no longer in the dataset (a stale index).
//
// Thread-safety: a plain value type.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sql/row_set.h"
#include "vector/dataset_row.h"
#include "vector/index_generation.h"
#include "vector/search_mode.h"

namespace lakehouse {

struct SearchResults {
  std::string index;
  int64_t index_version = 0;    // the dataset version the index was built from
  int64_t dataset_version = 0;  // the dataset's current version
  bool exact = false;
  SearchMode mode = SearchMode::kVector;  // the mode that ran
  std::string reranked_by;                // the rerank model id; "" = not reranked (null)
  double elapsed_ms = 0;
  std::vector<std::vector<ChunkHit>> hits;  // per query, best first
  bool with_rows = false;
  std::unordered_map<std::string, DatasetRow> rows;  // by doc_id, when with_rows

  bool stale() const { return dataset_version > index_version; }

  // The response body; `batch` nests one results array per query.
  std::string ToJson(bool batch) const;
};

// The first query's hits as a table (the tool registry's search tools, saved vector searches):
// doc_id, score, chunk_text, then the hit's row's `columns` (all of the row's, in its JSON order,
// when empty).
std::shared_ptr<const RowSet> SearchHitsToRowSet(const SearchResults& found,
                                                 const std::vector<std::string>& columns);

}  // namespace lakehouse
