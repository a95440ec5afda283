// KeywordIndex: BM25 keyword search over one index generation's chunks, an SQLite FTS5 table in
// the generation's directory (keyword.sqlite, see docs/adr/007-keyword-search-fts5.md):
//
//   chunk(label INTEGER PRIMARY KEY, doc_id TEXT)   which document each chunk belongs to
//   fts(text)  (FTS5, porter + unicode61)          the chunk texts, rowid = label
//   meta(key, value)                               'applied_seq': the last part applied
//
// It follows the generation's parts: Apply(seq, ...) applies one checkpoint's changes (dropped
// documents, removed chunks, added chunks) and records seq in the same SQLite transaction, so the
// file is always exactly "parts 1..applied_seq". IndexGeneration::Open replays the parts after
// applied_seq (a refresh that died between recording a part and applying it) and rebuilds the
// whole file when it is missing, unreadable or ahead of the registry.
//
// Scores are BM25 as FTS5 computes it, negated so that higher is better. A query is split into
// words (letters and digits); any word may match (OR), so BM25 ranks by how many and how rare.
//
// Thread-safety: thread-safe (one connection behind a mutex: searches and applies serialise).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_db.h"
#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse {

struct KeywordChunk {
  uint64_t label = 0;
  std::string_view doc_id;
  std::string_view text;
};

struct KeywordHit {
  uint64_t label = 0;
  float score = 0;  // -bm25: higher is better
};

class KeywordIndex {
 public:
  static constexpr const char* kFileName = "keyword.sqlite";

  // Opens (creating) dir/keyword.sqlite. DATA_LOSS when the file is not a keyword index.
  static Result<std::unique_ptr<KeywordIndex>> Open(const std::string& dir);
  // Deletes dir/keyword.sqlite (and its WAL files).
  static void Remove(const std::string& dir);

  // One checkpoint, atomically: deletes the chunks of `drop_docs` and the `removes`, inserts
  // `adds`, and records applied_seq = seq (unless seq is 0).
  Status Apply(int64_t seq, std::span<const std::string> drop_docs,
               std::span<const uint64_t> removes, std::span<const KeywordChunk> adds);
  // Replaces the whole content with `chunks` as of part `seq`.
  Status Rebuild(int64_t seq, std::span<const KeywordChunk> chunks);

  // Up to `limit` best chunks for the words of `query`; empty when it has no words.
  Result<std::vector<KeywordHit>> Search(std::string_view query, int32_t limit) const;

  int64_t applied_seq() const;
  int64_t chunk_count() const;

  // The FTS5 query for free text: every word quoted, joined with OR ("" when none).
  static std::string MatchExpression(std::string_view query);

 private:
  explicit KeywordIndex(CatalogDb db) : db_(std::move(db)) {}
  Status ApplyLocked(int64_t seq, bool clear, std::span<const std::string> drop_docs,
                     std::span<const uint64_t> removes, std::span<const KeywordChunk> adds)
      LH_REQUIRES(mu_);

  mutable Mutex mu_;
  mutable CatalogDb db_ LH_GUARDED_BY(mu_);
  int64_t applied_seq_ LH_GUARDED_BY(mu_) = 0;
};

}  // namespace lakehouse
