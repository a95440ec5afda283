// VectorOptions: the [vectors] section of the configuration — how index builds and refreshes
// checkpoint and when HNSW graphs are rebuilt. Loaded by config/, applied by the composition
// root to VectorService (vector/vector_service.h).
//
// Thread-safety: plain value.
#pragma once

#include <cstdint>

namespace lakehouse {

struct VectorOptions {
  // Chunks embedded per checkpoint of a build or refresh. Each checkpoint is one Parquet part and
  // one registry update: a crash loses at most one checkpoint's embeddings. Smaller values make
  // resumption finer-grained and progress more frequent, at the cost of more part files.
  int64_t checkpoint_chunks = 2048;
  // When more than this percentage of an HNSW graph's elements are deleted (replaced or removed
  // chunks), the graph is rebuilt from the live vectors after a refresh.
  int64_t graph_rebuild_deleted_percent = 30;
  // A refresh rewrites an index's saved HNSW graph only once the chunks added or removed since
  // the last save exceed this percentage of the index (0 = after every refresh). Until then a
  // restart replays the newer embedding parts into the saved graph.
  int64_t graph_save_percent = 5;
  // Bytes of dataset rows kept in memory for searches that return rows (vector/row_cache.h): the
  // projected columns of each searched dataset's current version, looked up by document id
  // instead of one SQL scan per search. 0 turns it off.
  int64_t row_cache_bytes = int64_t{512} << 20;
  // DuckDB connections for vector work (1-64): a refresh holds two (read + write), an index load
  // one. More lets more refreshes and loads run at once, each costing DuckDB memory.
  int64_t connections = 4;
  // An index's part files (one per checkpoint) are compacted in the background into one base
  // file of its live chunks once a refresh leaves this many parts after the last base: fewer
  // files for the embeddings view and start-up to read, superseded chunks reclaimed. 0 = never.
  int64_t compact_parts = 8;
};

}  // namespace lakehouse
