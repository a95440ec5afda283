// DatasetVersion and CommitRequest: a dataset's data is an ordered log of commits, version 1..n.
// Version 1 is always the `create` commit; every later commit adds and/or removes immutable data
// files (Parquet objects) and records who did it and why.
//
// Row accounting in the version log is physical: rows_added/rows_removed are the sums over the
// files added/removed (a delete that rewrites a 100-row file as a 90-row file reports +90/-100).
// The dataset's row_count is live: what a query sees (CommitRequest::live_rows).
//
// Thread-safety: plain values; externally synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/dataset.h"
#include "catalog/schema_changes.h"
#include "common/json.h"

namespace lakehouse {

enum class VersionOperation { kCreate, kAppend, kUpsert, kReplace, kDelete, kCompact };

// "create" | "append" | "upsert" | "replace" | "delete" | "compact"
std::string_view VersionOperationName(VersionOperation op);
Result<VersionOperation> ParseVersionOperation(std::string_view name);

inline constexpr std::string_view kDataFileKind = "data";
// A delete file holds tombstones: a VARCHAR column `key` (the primary-key value, or the row's key
// cast to VARCHAR) plus `actor`, `reason`, `deleted_at`. A tombstone hides rows with that key in
// files committed at an older version than the delete file (see table/dataset_view.h).
inline constexpr std::string_view kDeleteFileKind = "delete";

// One immutable data object. `path` is the object key inside `bucket`, under the dataset's prefix
// (dataset_layout.h).
struct DataFile {
  std::string path;
  std::string bucket;
  int64_t row_count = 0;
  int64_t size_bytes = 0;
  std::string kind = std::string(kDataFileKind);  // "data" | "delete"
  // The version that committed the file. Filled by the metastore on every read (live files,
  // snapshots, version logs) and in the DatasetVersion a commit returns; ignored on input.
  int64_t version_added = 0;
  bool is_delete() const { return kind == kDeleteFileKind; }
  friend bool operator==(const DataFile&, const DataFile&) = default;
};

// Row counts sum data files only (tombstones are not rows); bytes sum every file.
int64_t TotalRows(const std::vector<DataFile>& files);
int64_t TotalBytes(const std::vector<DataFile>& files);

struct DatasetVersion {
  std::string dataset_id;
  int64_t version = 0;
  VersionOperation operation = VersionOperation::kCreate;
  std::vector<DataFile> files_added;    // in commit order
  std::vector<DataFile> files_removed;  // ordered by path
  int64_t rows_added = 0;
  int64_t rows_removed = 0;
  std::string actor;
  int64_t committed_at = 0;  // epoch microseconds
  Json detail;               // null, or an object (e.g. {"schema_diff": {...}})
  friend bool operator==(const DatasetVersion&, const DatasetVersion&) = default;
};

// Where an incremental database pull got to: the largest value of `column` it read, in
// PostgreSQL's text form.
struct HighWaterMark {
  std::string column;
  std::string value;
  friend bool operator==(const HighWaterMark&, const HighWaterMark&) = default;
};

// Publishes files written beforehand. Rules per operation:
//   append  — adds files; removes none.
//   upsert  — adds and removes files (rewritten files are removed, their replacements added).
//   replace — removes every live file, adds the new contents (files_removed must be empty).
//   delete  — removes files (and may add rewritten survivors); at least one removal.
//   compact — adds and removes files whose row counts balance exactly; when the compaction applies
//             tombstones (removes a delete file) or upserts (the dataset has a primary key) the
//             added rows may be fewer than the removed ones, never more.
//   create  — not allowed here; Metastore::CreateDataset writes version 1.
struct CommitRequest {
  std::string dataset_id;
  // The version the writer based its work on. Another commit landing first → CONFLICT.
  int64_t expected_version = 0;
  VersionOperation operation = VersionOperation::kAppend;
  std::vector<DataFile> files_added;
  std::vector<std::string> files_removed;  // paths of live files of this dataset
  // The schema after this commit; absent → unchanged. Descriptions, PII tags and sensitivity
  // overrides of columns that keep their name carry over unless the new column sets them.
  std::optional<std::vector<Column>> columns;
  // Replaces the lineage when present (source_uri is redacted on the way in).
  std::optional<Lineage> lineage;
  // How the writer's input differs from the dataset (ingest: the incoming file against the
  // dataset's columns, including columns the file lacks, which stay in the dataset); recorded as
  // the version's "schema_diff" when not empty. Absent → the diff of `columns` against the
  // dataset's, when `columns` is given.
  std::optional<SchemaChanges> schema_changes;
  std::string actor;
  Json detail;  // null or an object; a schema change adds "schema_diff" automatically
  // Lower-case hex SHA-256 of the inputs this commit ingests, for content dedup
  // (Metastore::IngestedHashes); also shown as detail "input_sha256" when not empty.
  std::vector<std::string> input_sha256;
  // An incremental pull's mark after this commit (Metastore::LatestHighWaterMark); also shown as
  // detail "incremental": {"column","high_water_mark"}.
  std::optional<HighWaterMark> high_water_mark;
  // The rows a query of the dataset sees after this commit, counted by the writer over the
  // snapshot at expected_version plus files_added (ingest/live_rows.h); the dataset's row_count
  // becomes this. Absent → the sum over the live data files, which is exact without a primary key
  // and after a compaction (it writes what the view shows).
  std::optional<int64_t> live_rows;
};

}  // namespace lakehouse
