// TombstoneService: row-level deletes without rewriting data. A tombstone commit (operation
// "delete") adds one small Parquet "delete file" (DataFile.kind "delete") holding
//
//   key VARCHAR, key_column VARCHAR, actor VARCHAR, reason VARCHAR, deleted_at TIMESTAMP
//
// one row per tombstoned key value. The read path anti-joins delete files against the data files
// committed before them (see catalog/dataset_version.h), so a key tombstoned at version n and
// upserted again later is visible again.
//
// Tombstones match rows by primary key (the read path ignores delete files of datasets without
// one), so the dataset needs a single-column primary key and row_key_column must name it. Values
// compare as text with CAST(<key> AS VARCHAR) — table/dataset_view.h's TombstoneKeyExpression —
// over the dataset's current rows, read by the ingest DuckDB from the live data files
// (read_parquet, union_by_name) minus keys already hidden by earlier delete files. rows_tombstoned
// counts the rows that disappear: one per key (latest wins). Values that match nothing are reported
// as failures and not written; when nothing matches no version is committed.
//
// Thread-safety: thread-safe. Everything borrowed must outlive the service.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/change_journal.h"
#include "catalog/catalog_service.h"
#include "catalog/commit_listener.h"
#include "catalog/metastore.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/result.h"
#include "sql/connection_pool.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

inline constexpr size_t kMaxTombstonesPerRequest = 10'000;

struct TombstoneRequest {
  std::string dataset;
  std::string key_column;
  std::vector<std::string> values;  // as text; 1 … kMaxTombstonesPerRequest
  std::string actor = "api";
  std::string reason;
};

struct TombstoneResult {
  int64_t rows_tombstoned = 0;
  std::vector<std::string> failures;  // values that matched no current row
  int64_t version = 0;                // the delete version; the current one when none was written
  // {"rows_tombstoned","failures":[…],"version"}
  Json ToJson() const;
};

struct Tombstone {
  std::string value;
  std::string key_column;
  std::string actor;
  std::string reason;
  int64_t created_at = 0;  // epoch microseconds
  int64_t version = 0;     // the version that committed it
};

// {"tombstones":[{"value","key_column","actor","reason","created_at","version"}]}
Json TombstonesToJson(const std::vector<Tombstone>& tombstones);

class TombstoneService {
 public:
  TombstoneService(CatalogService* catalog, Metastore* metastore, BucketRegistry* buckets,
                   ConnectionPool* ingest_pool, const CommitListeners* listeners,
                   const Clock* clock, std::string staging_dir, ChangeJournal* journal = nullptr);

  // INVALID_ARGUMENT for a bad request, an unknown column or one that is not the primary key;
  // FAILED_PRECONDITION for a dataset without a primary key; NOT_FOUND for an unknown dataset;
  // CONFLICT when concurrent commits won twice.
  Result<TombstoneResult> Add(const TombstoneRequest& request);
  // The tombstones of the dataset's live delete files, oldest version first.
  Result<std::vector<Tombstone>> List(std::string_view dataset);

 private:
  // Local paths of `files` (a DuckDB list literal's elements, in order).
  Result<std::vector<std::string>> LocalPaths(const std::vector<DataFile>& files);
  // One attempt of Add; *lost_race when a concurrent commit won. Its phases follow, in order.
  Result<TombstoneResult> AddOnce(const TombstoneRequest& request, bool* lost_race);
  // The dataset's column `key_column`, which must be its single-column primary key.
  static Result<Column> KeyColumn(const Dataset& dataset, std::string_view key_column);
  // The values that hide a current row of the pinned version → rows hidden (one per key).
  Result<std::map<std::string, int64_t>> MatchKeys(Connection& conn, const SnapshotPin& pin,
                                                   const Column& key,
                                                   const std::vector<std::string>& values);
  // Writes the delete file of `matched` and moves it into the dataset's bucket.
  Result<DataFile> WriteDeleteFile(Connection& conn, ObjectStore& store, const Dataset& dataset,
                                   const Column& key, const std::map<std::string, int64_t>& matched,
                                   const TombstoneRequest& request);
  // Commits the delete file on top of `pin` with the live rows it leaves.
  Result<DatasetVersion> CommitDeleteFile(Connection& conn, const Dataset& dataset,
                                          const Column& key, const SnapshotPin& pin,
                                          const DataFile& file, const TombstoneRequest& request,
                                          const TombstoneResult& result);

  CatalogService* catalog_;
  Metastore* metastore_;
  BucketRegistry* buckets_;
  ConnectionPool* pool_;
  const CommitListeners* listeners_;
  const Clock* clock_;
  std::string staging_dir_;
  ChangeJournal* journal_;  // null: nothing journaled; one "tombstone" event per key deleted
  std::chrono::milliseconds connection_timeout_{60'000};
};

}  // namespace lakehouse
