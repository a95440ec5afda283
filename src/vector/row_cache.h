// RowCache: the dataset rows a search returns, held per dataset version so a search with rows
// looks them up by document id instead of running SQL.
//
// Fetching k rows by an `IN` list of ids is a scan of the named columns in DuckDB (the ids are
// scattered, so no row group is skipped and whole zstd pages are decoded): 7–450 ms. A CachedRowSet
// is the projected columns of every row of one dataset version, keyed by the id column's text: one
// SELECT over the dataset's view (so upserts, tombstones and the hot cache apply exactly as for
// any query), run once per (dataset id, version, id column, projection) on the cache's own
// thread. Until it is ready, searches fetch rows the old way; a new version is a new key, so a
// commit never serves outdated rows (the set for the old version is dropped when the new one is
// kept).
//
// A set is kept only when the dataset version did not move while it was read (`still_current`),
// when it has at most kMaxRows rows, and when its estimated size fits `budget_bytes` (strings'
// bytes + 32 per value + 64 per row); sets are evicted least recently used first past the
// budget. A projection whose set was too large is not tried again for that dataset (until the
// process restarts), so a dataset over budget costs one scan, not one per version.
//
// Thread-safety: thread-safe. One worker thread builds sets, one at a time; Stop (or the
// destructor) joins it, after which Request is a no-op.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "common/mutex.h"
#include "common/result.h"
#include "sql/row_set.h"
#include "vector/dataset_row.h"

namespace lakehouse {

struct RowSetKey {
  std::string dataset_id;
  int64_t version = 0;
  std::string id_column;
  std::string projection;  // the SELECT list, as composed by the caller

  // Same dataset, id column and projection, any version.
  std::string Family() const;
  std::string Encode() const;
};

// Rows of one dataset version: doc id → its row.
struct CachedRowSet {
  std::unordered_map<std::string, DatasetRow> rows;
  int64_t bytes = 0;
};

struct RowCacheOptions {
  int64_t budget_bytes = int64_t{512} << 20;  // 0 = off
};

class RowCache {
 public:
  static constexpr int64_t kMaxRows = 1'000'000;
  // Runs a SELECT whose first column is the doc id as VARCHAR; the rest are the row's columns
  // (QueryService::QueryComposed's rows).
  using Loader = std::function<Result<std::shared_ptr<const RowSet>>(const std::string& sql)>;

  RowCache(RowCacheOptions options, Loader loader);
  ~RowCache();
  RowCache(const RowCache&) = delete;
  RowCache& operator=(const RowCache&) = delete;

  // The set for `key`, or null when it is not built (yet).
  std::shared_ptr<const CachedRowSet> Find(const RowSetKey& key);
  // Queues a build of `key` with `sql` unless it is cached, queued or refused; `still_current`
  // is asked after the read and the set is dropped unless it says true.
  void Request(const RowSetKey& key, std::string sql, std::function<bool()> still_current);
  // After a commit made `version` current for `dataset_id`: queues, for every set kept for an
  // older version of that dataset, a build of the same projection at `version` (with the SQL it
  // was read with), so the first search of the new version finds its rows cached instead of
  // paying for the SQL fetch. The caller makes sure the dataset's view already reads `version`.
  void Rewarm(const std::string& dataset_id, int64_t version,
              const std::function<bool()>& still_current);
  // Waits for the queue to drain (tests and benchmarks).
  void WaitIdle();
  void Stop();

  int64_t bytes() const;
  int64_t builds() const;  // sets built and kept

 private:
  struct Pending {
    RowSetKey key;
    std::string sql;
    std::function<bool()> still_current;
  };
  struct Entry {
    std::string key;
    std::string family;
    std::shared_ptr<const CachedRowSet> rows;
    RowSetKey row_key;  // for Rewarm
    std::string sql;
  };
  void Run();
  void Build(const Pending& pending);
  void KeepLocked(const Pending& built, std::shared_ptr<const CachedRowSet> rows) LH_REQUIRES(mu_);
  // Request's queueing. False when nothing was queued.
  bool QueueLocked(const RowSetKey& key, std::string sql, std::function<bool()> still_current)
      LH_REQUIRES(mu_);

  const RowCacheOptions options_;
  const Loader loader_;
  mutable Mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_ LH_GUARDED_BY(mu_);
  std::set<std::string> queued_ LH_GUARDED_BY(mu_);   // encoded keys in queue_ or building
  std::set<std::string> refused_ LH_GUARDED_BY(mu_);  // families too large
  std::list<Entry> lru_ LH_GUARDED_BY(mu_);           // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_ LH_GUARDED_BY(mu_);
  int64_t bytes_ LH_GUARDED_BY(mu_) = 0;
  int64_t builds_ LH_GUARDED_BY(mu_) = 0;
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::thread worker_;
};

}  // namespace lakehouse
