// The hot cache: pinned datasets held as in-memory tables of the query DuckDB.
//
// Pin(name) materialises the dataset's merged select (what its view runs) as a table
// `__lh_hot_<dataset id>` (CREATE OR REPLACE TABLE … AS …) and the dataset's view then reads that
// table. The DatasetViewRegistry asks ViewSelect (the cache is its ViewSource) on every (re)build
// of a view, so a new version (OnCommit, Sync) rebuilds the table from the new files. Evict(name)
// points the view back at the files and drops the table. The cache reaches the views only through
// the ViewRefresher it is built with (table/ReadPath, which owns both).
//
// Budget: when the estimated bytes of all cached tables exceed `budget_bytes`, the least recently
// used datasets are evicted; the dataset just pinned is never the victim of its own pin, so one
// dataset larger than the budget stays until the next pin or query makes room. The budget is
// enforced on Pin and before every query (BeforeQuery), so growth through a commit is trimmed at
// the next query. Datasets deleted from the catalog leave the cache at the next query too.
//
// Bytes are an estimate, not DuckDB's allocation: rows × the fixed width of each column's type
// (BOOLEAN/TINYINT 1, SMALLINT 2, INTEGER/FLOAT/DATE 4, BIGINT/DOUBLE/TIMESTAMP 8,
// HUGEINT/DECIMAL/UUID/INTERVAL 16, everything else 16 = DuckDB's string_t header) plus the summed
// byte length of VARCHAR values, measured by one scan of the new table when it is built.
//
// Hits and misses are counted per client statement from its parse facts (CountRead with
// StatementFacts::tables, the lower-case names DuckDB's parse tree says it reads): a statement
// hits every pinned dataset it reads; one that reads no pinned dataset is one miss. Names in
// string literals or comments do not count; EXPLAIN and the server's own composed statements are
// not counted as reads of a dataset. A hit refreshes the dataset's last use (LRU).
//
// Result cache (optional, a constructor argument): results of queries over pinned datasets
// (sql/result_cache.h). PinnedSources resolves a statement's tables to pinned datasets and their
// versions for the result cache's key; every (re)build of a dataset's table gives it a new build
// number and drops the dataset's cached results, and so does evicting it. Cached results count
// against `budget_bytes` together with the tables: past the budget, cached results are trimmed
// (least recently used first) before any table is evicted.
//
// Pins survive a restart: with a `pins_file`, the pinned datasets' ids are written to it
// (atomically) after every pin and eviction, and RestorePins pins them again at start-up.
//
// Thread-safety: thread-safe. Pin/Evict/budget enforcement are serialised by one mutex; entries by
// another, never held while calling into the registry (lock order: registry, then cache).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/result.h"
#include "sql/connection.h"
#include "sql/database.h"
#include "sql/result_cache.h"
#include "table/dataset_view.h"

namespace lakehouse {

// How the hot cache brings the dataset views along (implemented by table/ReadPath, forwarding to
// its DatasetViewRegistry).
class ViewRefresher {
 public:
  virtual ~ViewRefresher() = default;
  // Brings every view up to the catalog (DatasetViewRegistry::Sync).
  virtual Status SyncViews() = 0;
  // Rebuilds one dataset's view (DatasetViewRegistry::Refresh), which asks ViewSelect.
  virtual Status RefreshView(std::string_view name) = 0;
};

struct HotCacheEntry {
  std::string dataset;
  int64_t rows = 0;
  int64_t bytes = 0;
  int64_t version = 0;  // the dataset version the table holds; 0 before the first build
  int64_t hits = 0;
  int64_t pinned_at_micros = 0;
  int64_t last_used_micros = 0;

  Json ToJson() const;
};

struct HotCacheStats {
  std::vector<HotCacheEntry> datasets;  // by name
  int64_t rows = 0;
  int64_t bytes = 0;
  int64_t budget_bytes = 0;
  int64_t hits = 0;
  int64_t misses = 0;
  std::optional<ResultCacheStats> results;  // with a result cache

  Json ToJson() const;
};

class HotCache : public ViewSource {
 public:
  // Borrowed pointers must outlive the cache; `views` is not called during construction.
  // `results` (optional): the result cache sharing the budget. `pins_file` (optional): where the
  // pinned datasets are remembered across restarts.
  HotCache(const Database* query_db, Metastore* metastore, const Clock* clock, int64_t budget_bytes,
           ViewRefresher* views, ResultCache* results = nullptr, std::string pins_file = "");

  // For the result cache: each of `tables` (lower-case names) as a pinned dataset whose table
  // holds its current version, or nullopt if any is not (not pinned, deleted, or a rebuild behind).
  std::optional<std::vector<ResultSource>> PinnedSources(const std::vector<std::string>& tables);

  // Pins a live dataset (NOT_FOUND otherwise) and builds its table now; pinning again rebuilds it.
  Result<HotCacheEntry> Pin(std::string_view name);
  // Unpins; NOT_FOUND when the dataset is not pinned.
  Status Evict(std::string_view name);
  HotCacheStats Stats() const;
  // Start-up, after the views are built: pins again what was pinned when the server stopped
  // (datasets deleted since are skipped). A pin that fails is logged, not fatal.
  Status RestorePins();

  // Before every query: syncs the views and enforces the budget.
  Status BeforeQuery();
  // A client statement read `tables` (lower-case names from its parse tree): counts hits of the
  // pinned datasets among them, or one miss.
  void CountRead(const std::vector<std::string>& tables);

  // ViewSource, for DatasetViewRegistry with its DDL connection on every view (re)build: `select`
  // unchanged for a dataset that is not pinned; otherwise the table is (re)built from `select`
  // over `conn` and a SELECT reading it is returned.
  Result<std::string> ViewSelect(Connection& conn, const Dataset& dataset,
                                 const std::string& select) override;

  static std::string TableName(const Dataset& dataset);

 private:
  struct Entry {
    HotCacheEntry stats;
    std::string table;
    uint64_t last_use_seq = 0;  // LRU order; larger is more recent
    uint64_t build = 0;         // build number of the table's last (re)build; 0 before it
  };

  // Evicts LRU entries (never `keep_id`) past the budget, and entries of deleted datasets.
  Status EnforceBudgetLocked(const std::string& keep_id);
  Status EvictLocked(const std::string& id);
  Status DropTable(const std::string& table);
  // Writes the pinned ids to pins_file_ (no-op without one). Call with op_mu_ held.
  void SavePinsLocked();

  const Database* query_db_;
  Metastore* metastore_;
  const Clock* clock_;
  const int64_t budget_bytes_;
  const std::string pins_file_;
  ViewRefresher* const views_;
  ResultCache* const results_;  // may be null

  std::mutex op_mu_;  // serialises Pin, Evict and budget enforcement

  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;  // by dataset id; guarded by mu_
  uint64_t use_seq_ = 0;                  // guarded by mu_
  uint64_t build_seq_ = 0;                // guarded by mu_
  int64_t hits_ = 0;                      // guarded by mu_
  int64_t misses_ = 0;                    // guarded by mu_
};

}  // namespace lakehouse
