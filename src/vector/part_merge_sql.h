// Merge on read of an index generation's part files, as SQL over read_parquet. A generation's
// live files are an optional compacted base (base-<S>.parquet: the live documents and chunks as
// of part S, only 'doc' and 'add' rows) followed by the parts after it (part-<seq>.parquet: 'drop',
// 'del', 'doc' and 'add' rows, see index_generation.h). File names carry their sequence number,
// which orders them; inside a file drops and deletions precede adds.
//
// Used by EmbeddingViews (the embeddings."<index>" view) and by IndexGeneration's compaction
// (which writes a new base from the same merge), so the two never disagree.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lakehouse {

struct PartFiles {
  std::optional<std::string> base;  // the compacted base, when there is one
  std::vector<std::string> tail;    // the parts after it, in sequence order
  // False when no tail part holds a 'del' or 'drop' row (an append-only tail): the merge is then
  // a plain concatenation of the 'add' rows, with no anti-join over the base.
  bool tail_deletes = true;
  bool empty() const { return !base && tail.empty(); }
};

// SELECT doc_id, chunk_idx, chunk_text, content_hash, vector (cast to `vector_type`) of the live
// chunks. The base's chunks are filtered only by the tail's (small) deletions, so a count or a
// LIMIT over a compacted generation reads one file's narrow columns and no vectors.
std::string LiveChunksSql(const PartFiles& files, const std::string& vector_type);

// The rows of a new base equivalent to `files` (all of them): one 'doc' row per live document
// with its last hash, one 'add' row per live chunk (label, vector, ...) carrying its document's
// last hash. Columns in the part file order.
std::string CompactedBaseSql(const PartFiles& files);

// SELECT count(*) of the 'del' and 'drop' rows of the tail (reads only the small tail files'
// op column): EmbeddingViews sets PartFiles::tail_deletes from it.
std::string TailDeletesSql(const PartFiles& files);

}  // namespace lakehouse
