// Compactor: rewrites a dataset's live files (data and delete files) as one new base file with
// the merge applied physically — upserts resolved, tombstoned rows gone — and commits it as a
// "compact" version that removes every old file.
//
// Protocol: pin the current version; COPY the merged view of exactly the pinned files to a
// temporary Parquet file in the export directory; check its row count against the view; move it
// into the bucket under the dataset's prefix; commit with expected_version = the pinned version.
// Until the commit the new object is referenced by nothing (a crash leaves an orphan the orphan
// collector removes) and the previous version stays intact; a commit that loses a race deletes
// the object and returns CONFLICT. One compaction per dataset at a time (a mutex per dataset).
//
// Automatic compaction: as a DatasetCommitListener, a commit that leaves more than
// `auto_compact_data_files` data files (config sql.compact_after_files; 0 = never) queues the
// dataset for the background thread.
//
// Thread-safety: thread-safe. Stop() (or the destructor) joins the background thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "catalog/catalog_service.h"
#include "catalog/commit_listener.h"
#include "catalog/metastore.h"
#include "common/json.h"
#include "sql/connection_pool.h"
#include "storage/bucket_registry.h"
#include "table/dataset_view.h"

namespace lakehouse {

struct CompactionResult {
  bool compacted = false;  // false: nothing to do (at most one data file and no delete files)
  int64_t version = 0;     // the compact version, or the current one when nothing was done
  int64_t files_removed = 0;
  int64_t rows = 0;
  Json ToJson() const;
};

class Compactor : public DatasetCommitListener {
 public:
  // Default of `auto_compact_data_files`.
  static constexpr int64_t kAutoCompactDataFiles = 16;

  // Borrowed pointers must outlive the compactor. `work_dir` must be writable by the query
  // database's sandbox. `listeners` are told about compaction commits. More live data files than
  // `auto_compact_data_files` after a commit → compact in the background (0: never).
  Compactor(Metastore* metastore, CatalogService* catalog, BucketRegistry* buckets,
            DatasetViewRegistry* views, ConnectionPool* pool, const CommitListeners* listeners,
            std::string work_dir, int64_t auto_compact_data_files = kAutoCompactDataFiles);
  ~Compactor() override;

  // NOT_FOUND for an unknown dataset; CONFLICT when another commit landed meanwhile.
  Result<CompactionResult> Compact(std::string_view name);

  void OnCommit(const Dataset& dataset, const DatasetVersion& version) override;
  void Stop();

  // Fault hook for crash tests (set from LAKEHOUSE_DEBUG_COMPACT_PAUSE_MS by the composition
  // root; zero, the default, disables it): Compact() logs "compaction fault hook: '<dataset>'
  // paused <stage>" and sleeps this long at each step boundary — before_put (output written and
  // verified), before_commit (object in the bucket), after_commit (published, listeners not yet
  // told) — so a test can SIGKILL the server at a known point. Set during start-up only.
  void SetFaultPause(std::chrono::milliseconds pause) { fault_pause_ = pause; }

 private:
  std::mutex& DatasetMutex(const std::string& id);
  void BackgroundLoop();
  void FaultPause(const std::string& dataset, const char* stage) const;

  Metastore* metastore_;
  CatalogService* catalog_;
  BucketRegistry* buckets_;
  DatasetViewRegistry* views_;
  ConnectionPool* pool_;
  const CommitListeners* listeners_;
  std::string work_dir_;
  const int64_t auto_compact_data_files_;
  std::chrono::milliseconds fault_pause_{0};

  std::mutex mu_;
  std::map<std::string, std::unique_ptr<std::mutex>> dataset_mu_;  // by id; guarded by mu_
  std::set<std::string> queued_;                                   // names; guarded by mu_
  bool stopping_ = false;                                          // guarded by mu_
  std::condition_variable wake_;
  std::thread worker_;
};

}  // namespace lakehouse
