// Compactor: rewrites a dataset's live files (data and delete files) as one new base file with
// the merge applied physically — upserts resolved, tombstoned rows gone — and commits it as a
// "compact" version that removes every old file.
//
// Protocol: pin the current version; COPY the merged view of exactly the pinned files to a
// temporary Parquet file in the export directory; check its row count against the view; move it
// into the bucket under the dataset's prefix; commit with expected_version = the pinned version.
// Until the commit the new object is referenced by nothing (a crash leaves an orphan the orphan
// collector removes) and the previous version stays intact. One compaction per dataset at a time
// (a mutex per dataset).
//
// Contention: writers keep appending while a compaction copies, so its commit often finds the
// dataset moved on. When every commit since the pinned version only added files (removed none),
// the compaction's inputs are all still live and it is rebased: committed again on top of the
// newer version, the newer files staying live beside the compact file (at most
// kMaxCommitAttempts times).
//   * Without a primary key, only plain appends (data files) qualify: rows never override.
//   * With a primary key, appends, upserts and tombstones qualify too. The compact file is newer
//     than they are, so its rows would win over rows upserted meanwhile and escape tombstones
//     written meanwhile; before committing, the compact file is therefore rewritten without every
//     key that a newer data or delete file mentions (those keys are decided by the newer files
//     alone, as they would have been against the compacted inputs).
// Otherwise — a replace or another compaction landed meanwhile, or the dataset was re-created —
// the object is deleted and CONFLICT returned; the background thread then tries again after a
// short backoff. Writers never wait for a compaction.
//
// Automatic compaction: as a DatasetCommitListener, a commit that leaves more than
// `auto_compact_data_files` data files (config sql.compact_after_files; 0 = never) queues the
// dataset for the background thread. A failed background compaction is retried with exponential
// backoff per dataset (kConflictRetryBase doubling up to kMaxConflictRetryDelay for conflicts,
// kFailureRetryBase doubling up to kMaxRetryDelay for other failures, such as a full disk), not at
// every commit; failures other than conflicts are recorded in the error journal
// (storage/error_journal.h).
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
  // Commits a compaction tries (the first plus rebases) before giving up with CONFLICT.
  static constexpr int kMaxCommitAttempts = 8;
  static constexpr std::chrono::milliseconds kConflictRetryBase{100};
  static constexpr std::chrono::milliseconds kMaxConflictRetryDelay{5'000};
  static constexpr std::chrono::milliseconds kFailureRetryBase{1000};
  static constexpr std::chrono::milliseconds kMaxRetryDelay{300'000};

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
  // What a compaction of the version `pinned` would be rebased onto: see "Contention" above.
  struct RebaseBase {
    int64_t current = 0;          // the dataset's current version
    std::vector<DataFile> newer;  // files added after `pinned`
  };
  // nullopt when the compaction cannot be rebased.
  Result<std::optional<RebaseBase>> RebaseOnto(const Dataset& dataset, int64_t pinned);
  // Keyed datasets: rewrites the compact object `*key` (of `*rows` rows, `*size` bytes) without
  // the keys that `newer` mentions, as a new object; updates the three and deletes the old one.
  Status DropSupersededKeys(const Dataset& dataset, const std::vector<DataFile>& newer,
                            std::string* key, int64_t* rows, int64_t* size);
  void BackgroundLoop();
  // Records the outcome of a background compaction of `name` and schedules a retry on failure.
  void AfterBackgroundRun(const std::string& name, const Status& status);
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

  using SteadyTime = std::chrono::steady_clock::time_point;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<std::mutex>> dataset_mu_;  // by id; guarded by mu_
  std::map<std::string, SteadyTime> queued_;  // name → not before; guarded by mu_
  std::map<std::string, int> failures_;       // consecutive background failures; guarded by mu_
  bool stopping_ = false;                     // guarded by mu_
  std::condition_variable wake_;
  std::thread worker_;
};

}  // namespace lakehouse
