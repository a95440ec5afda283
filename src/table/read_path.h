// ReadPath: the query side of the lakehouse in one object — the dataset views
// (DatasetViewRegistry), the hot cache of pinned datasets (HotCache) and the result cache
// (ResultCache), built together in one constructor. It is what QueryService asks before each
// statement (QueryReadPath): views synced and leased, the hot cache's budget enforced, reads of
// pinned datasets counted from the statement's parse facts, results looked up by the pinned
// datasets' versions.
//
// The views and the hot cache need each other: a pinned view reads the hot cache's table
// (ViewSource, asked on every view build), and pinning or evicting rebuilds the view
// (ViewRefresher). Neither holds the other: the registry is given the hot cache as its
// ViewSource, the hot cache is given this ReadPath as its ViewRefresher, which forwards to the
// registry.
//
// Lifecycle: construct (nothing is read), Start() once the query database is locked down
// (builds every view, restores pins), then register views() as a commit listener.
//
// Thread-safety: thread-safe (each part is). Borrowed pointers must outlive the ReadPath.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/metastore.h"
#include "common/clock.h"
#include "sql/database.h"
#include "sql/query_read_path.h"
#include "sql/result_cache.h"
#include "storage/bucket_registry.h"
#include "table/dataset_view.h"
#include "table/hot_cache.h"

namespace lakehouse {

struct ReadPathOptions {
  int64_t hot_cache_bytes = 0;     // budget of pinned tables and cached results together
  int64_t result_cache_bytes = 0;  // the result cache's share of it; 0 = off
  int64_t result_cache_max_result_bytes = 0;
  std::string pins_file;  // where pins survive a restart; "" = they do not
};

class ReadPath final : public QueryReadPath, private ViewRefresher {
 public:
  ReadPath(const Database* query_db, Metastore* metastore, BucketRegistry* buckets,
           const Clock* clock, const ReadPathOptions& options);

  // Builds every dataset's view and pins again what was pinned (HotCache::RestorePins).
  Status Start();

  DatasetViewRegistry& views() { return *views_; }
  HotCache& hot_cache() { return *hot_cache_; }

  // QueryReadPath.
  Result<std::unique_ptr<QueryScope>> BeforeQuery() override;
  void CountRead(const std::vector<std::string>& tables) override;
  ResultCache* results() override { return results_.get(); }
  std::optional<std::vector<ResultSource>> PinnedSources(
      const std::vector<std::string>& tables) override;

 private:
  // ViewRefresher, for the hot cache.
  Status SyncViews() override;
  Status RefreshView(std::string_view name) override;

  // Declared in construction order; the registry (last) points at the hot cache, the hot cache
  // at the result cache.
  std::unique_ptr<ResultCache> results_;
  std::unique_ptr<HotCache> hot_cache_;
  std::unique_ptr<DatasetViewRegistry> views_;
};

}  // namespace lakehouse
