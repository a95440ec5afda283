// EmbeddingViews: makes every vector index's embeddings readable from SQL, as the view
// embeddings."<index_name>" (doc_id, chunk_idx, chunk_text, content_hash, vector FLOAT[d]) in the
// query database. The view reads the index's Parquet parts and applies their deletions (merge on
// read: 'del' rows remove a chunk label, a later 'drop' removes a document's earlier chunks), so
// it lists exactly the chunks the index searches as of its last completed refresh.
//
//   SELECT doc_id, chunk_text FROM embeddings.docs_idx WHERE doc_id = '42';
//   SELECT count(*), avg(len(chunk_text)) FROM embeddings.docs_idx;
//
// The query database must be allowed to read the indexes directory (see LakehouseServer).
//
// Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/mutex.h"
#include "common/status.h"
#include "sql/database.h"
#include "vector/part_merge_sql.h"

namespace lakehouse {

class EmbeddingViews {
 public:
  // `query_db` (borrowed) is the sandboxed query database; creates the "embeddings" schema.
  static Result<std::unique_ptr<EmbeddingViews>> Create(const Database* query_db);

  // (Re)defines the view of `index` over its generation's live files (a compacted base and the
  // parts after it; none: an empty view). `dimensions` > 0 types the vector column
  // FLOAT[dimensions].
  Status Publish(const std::string& index, const PartFiles& files, int32_t dimensions);
  // Drops the view of `index` (no-op when absent).
  void Drop(const std::string& index);

 private:
  explicit EmbeddingViews(Connection conn) : conn_(std::move(conn)) {}
  Mutex mu_;
  Connection conn_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
