// ResultCache: results of read statements over pinned (hot) datasets, reused while those
// datasets do not change — Snowflake/Dremio-style result caching, scoped to the hot cache.
//
// QueryService consults it for statements whose StatementFacts (statement_facts.h) are cacheable
// and whose every table is a pinned dataset (the resolver the composition root wires to
// HotCache). The key is the statement's normalised parse tree, its parameters, the row limit and,
// for each dataset read, its catalog version, the version its pinned table holds and the table's
// build number; so any commit, compaction, tombstone or replace makes a new key, and results of
// the old one are never served again. HotCache drops a dataset's entries eagerly when it rebuilds
// or evicts the dataset's table (DropDataset), which also refuses later inserts computed from an
// older build (a query that was running across the rebuild).
//
// Only the rows of POST /query/sql (and /query/paged, which runs through it) are cached, as the
// typed RowSet QueryService returns; CSV and Parquet exports always run.
//
// Memory: entries are evicted least recently used past `budget_bytes` (a share of the hot cache's
// budget; HotCache counts these bytes against its own budget too and trims them first), and a
// result whose estimate exceeds `max_result_bytes` is not cached. Bytes are an estimate of the
// rows in memory (EstimateBytes: 16 bytes per value plus string lengths, nested values as their
// JSON: 32 per object member plus its key) and its key, not an allocator measurement.
// budget_bytes 0 disables the cache.
//
// Thread-safety: thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "sql/row_set.h"
#include "sql/statement_facts.h"

namespace lakehouse {

// A pinned dataset a result was read from, in the state it was read.
struct ResultSource {
  std::string dataset_id;
  int64_t version = 0;        // the catalog's current version
  int64_t table_version = 0;  // the version the pinned table holds
  uint64_t build = 0;         // the pinned table's build number (grows with every rebuild)
};

struct ResultCacheStats {
  bool enabled = false;
  int64_t entries = 0;
  int64_t bytes = 0;
  int64_t budget_bytes = 0;
  int64_t max_result_bytes = 0;
  int64_t hits = 0;
  int64_t misses = 0;       // cacheable statements that had to run
  int64_t uncacheable = 0;  // statements that could not be cached (volatile, unpinned, …)

  Json ToJson() const;
};

class ResultCache {
 public:
  ResultCache(int64_t budget_bytes, int64_t max_result_bytes);

  bool enabled() const { return budget_bytes_ > 0; }

  static std::string MakeKey(const StatementFacts& facts, const Json& params, int64_t limit,
                             const std::vector<ResultSource>& sources);

  // The cached result (marks it most recently used), counting a hit; null and a miss otherwise.
  std::shared_ptr<const RowSet> Lookup(const std::string& key);
  // Caches `result` unless it is too large, the cache is off, or a source's build is older than
  // what DropDataset last dropped for that dataset. Returns whether it was cached.
  // The rows are shared, never copied.
  bool Insert(const std::string& key, const std::vector<ResultSource>& sources,
              std::shared_ptr<const RowSet> result);
  // Drops every entry read from `dataset_id` at a build older than `min_build`, and refuses such
  // inserts from now on.
  void DropDataset(const std::string& dataset_id, uint64_t min_build);
  // Evicts least recently used entries until at most `bytes` remain.
  void TrimTo(int64_t bytes);
  void CountUncacheable();

  int64_t bytes() const;
  ResultCacheStats Stats() const;

  static int64_t EstimateBytes(const RowSet& rows);
  static int64_t EstimateBytes(const Json& value);

 private:
  struct Entry {
    std::shared_ptr<const RowSet> result;
    std::vector<ResultSource> sources;
    int64_t bytes = 0;
    std::list<std::string>::iterator lru;
  };
  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);
  void TrimLocked(int64_t bytes);

  const int64_t budget_bytes_;
  const int64_t max_result_bytes_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  std::list<std::string> lru_;                      // keys, most recent first; guarded by mu_
  std::map<std::string, uint64_t> min_build_;       // by dataset id; guarded by mu_
  int64_t bytes_ = 0;                               // guarded by mu_
  int64_t hits_ = 0;                                // guarded by mu_
  int64_t misses_ = 0;                              // guarded by mu_
  int64_t uncacheable_ = 0;                         // guarded by mu_
};

}  // namespace lakehouse
