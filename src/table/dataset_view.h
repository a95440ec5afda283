// Merge-on-read dataset views: every live dataset is a view by its name in the query DuckDB
// database, over its live Parquet files.
//
// The view (BuildDatasetViewSql) reads the data files with read_parquet(..., union_by_name=true),
// so a column added later is NULL for older rows and a column missing from newer files is NULL for
// them; every column is cast to the catalog's type, so widening applies to old files too.
//   * Primary key → upsert semantics: per key the row from the newest file wins (files ordered by
//     commit, rows within a file by position, the later one winning).
//   * Delete files (DataFile::kind == "delete") hold tombstones in a VARCHAR column `key`
//     (TombstoneKeyExpression). A tombstone hides rows with that key in files committed at an older
//     version than the delete file; a row re-inserted later survives. Without a primary key there
//     is no key to match and delete files are ignored.
// The view exposes exactly the catalog's columns (no file names or versions).
//
// DatasetViewRegistry keeps the views in step with the catalog: BuildAll at start-up, Refresh on
// every commit (it is a DatasetCommitListener) and Sync before queries, which also catches datasets
// registered, renamed or deleted through the catalog. DDL runs on the registry's own connection,
// outside the query sandbox's statement check.
//
// Each view holds a SnapshotPin of the files it reads, so the reaper leaves them alone, and a hold
// on each file's copy in the node's read cache (s3 buckets), so the cache never evicts it. A query
// takes BeginRead() before it binds any view and keeps the lease until its result is consumed: a
// view replaced meanwhile (a compaction, a replace) has its pin retired, not released, until every
// query that may have read it is done (view_read_leases.h).
//
// Thread-safety: DatasetViewRegistry is thread-safe (one mutex serialises its DDL). The builders
// are pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/commit_listener.h"
#include "catalog/dataset.h"
#include "catalog/metastore.h"
#include "common/mutex.h"
#include "common/result.h"
#include "sql/connection.h"
#include "sql/database.h"
#include "storage/bucket_registry.h"
#include "table/view_read_leases.h"

namespace lakehouse {

// One live file of a dataset as the view reads it.
struct ViewFile {
  std::string local_path;
  int64_t version = 0;  // the version that committed it
  bool is_delete = false;
  std::shared_ptr<const void> hold;  // keeps a remote file's cached copy (null for local files)
};

// The tombstone key of a row as SQL over `key_columns`: CAST(col AS VARCHAR) for a single column;
// for a composite key the parts' VARCHAR casts joined by chr(31) (NULL parts as ''). Writers of
// delete files must store exactly this value in column `key`. `qualifier` (e.g. "r.") prefixes each
// column reference.
std::string TombstoneKeyExpression(const std::vector<std::string>& key_columns,
                                   std::string_view qualifier = "");

// The SELECT a dataset's view runs. `present` names the columns found in the data files (any
// case); catalog columns not present read as typed NULLs. No data files → an empty typed result.
// `only_keys` (keyed datasets only; "" = every row): a subquery yielding VARCHAR tombstone keys
// (TombstoneKeyExpression); rows and tombstones of other keys are dropped right after the scan,
// before the merge, so the result is the full view's rows of those keys at a fraction of the work.
Result<std::string> BuildDatasetSelectSql(const Dataset& dataset,
                                          const std::vector<ViewFile>& files,
                                          const std::set<std::string>& present,
                                          std::string_view only_keys = "");

// What a view reads instead of its files, asked on every (re)build of a view: the hot cache
// (table/hot_cache.h) answers with a SELECT over its in-memory table for a pinned dataset.
class ViewSource {
 public:
  virtual ~ViewSource() = default;
  // `select` (the merged select over the files) unchanged, or a SELECT to run instead; `conn` is
  // the registry's DDL connection.
  virtual Result<std::string> ViewSelect(Connection& conn, const Dataset& dataset,
                                         const std::string& select) = 0;
};

class DatasetViewRegistry : public DatasetCommitListener {
 public:
  // Borrowed pointers must outlive the registry. `source` (optional): asked on every view build
  // (pinned datasets' views read the hot cache's tables); null = views read their files.
  DatasetViewRegistry(const Database* query_db, Metastore* metastore, BucketRegistry* buckets,
                      ViewSource* source = nullptr);

  // Opens the internal connection and creates a view for every live dataset. A dataset whose view
  // cannot be built is logged and skipped (queries on it fail with NOT_FOUND), never fatal.
  Status BuildAll();
  // Brings every view up to the catalog: new/changed datasets are (re)built, deleted ones dropped.
  // A no-op (no catalog read) when the Metastore has committed nothing since the last Sync that
  // built every view.
  Status Sync();
  // (Re)builds the view of one dataset (by name) from its current live files.
  Status Refresh(std::string_view name);

  // DatasetCommitListener: refreshes the committed dataset's view; never throws or fails.
  void OnCommit(const Dataset& dataset, const DatasetVersion& version) override;

  // Held by a query from before it binds any view until its result is consumed; the files of
  // views replaced in between stay on disk until then.
  ViewReadLeases::Lease BeginRead() { return leases_.Begin(); }
  const ViewReadLeases& read_leases() const { return leases_; }

  // The SELECT over the given files of `dataset` (e.g. a pinned snapshot's), as a view runs it,
  // with holds on the files' cached copies (s3): keep it while the SELECT runs.
  struct HeldSelect {
    std::string sql;
    std::vector<std::shared_ptr<const void>> file_holds;
  };
  Result<HeldSelect> SelectSql(const Dataset& dataset, const std::vector<DataFile>& files);

 private:
  struct Built;
  Status RefreshLocked(const Dataset& dataset) LH_REQUIRES(mu_);
  // Drops the view and retires the pin of the files it read.
  Status DropLocked(Built& built) LH_REQUIRES(mu_);
  Result<std::set<std::string>> PresentColumnsLocked(const std::vector<ViewFile>& files)
      LH_REQUIRES(mu_);
  Result<std::vector<ViewFile>> ToViewFiles(const std::vector<DataFile>& files);

  const Database* query_db_;
  Metastore* metastore_;
  BucketRegistry* buckets_;
  ViewSource* const source_;

  Mutex mu_;
  std::unique_ptr<Connection> conn_ LH_GUARDED_BY(mu_);
  struct Built {
    std::string name;
    int64_t version = 0;
    std::string fingerprint;
    std::optional<SnapshotPin> pin;  // the files the view reads
    // Holds on the cached copies of those files (s3 buckets): never evicted while the view lives.
    std::vector<std::shared_ptr<const void>> file_holds;
  };
  std::map<std::string, Built> built_ LH_GUARDED_BY(mu_);  // by dataset id
  // Metastore::write_count() of the last Sync that left every view built.
  std::optional<uint64_t> synced_sequence_ LH_GUARDED_BY(mu_);

  ViewReadLeases leases_;
};

}  // namespace lakehouse
