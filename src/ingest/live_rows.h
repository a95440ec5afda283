// Live row counts: the rows a query of a dataset sees, as opposed to the rows its files hold.
// With a primary key the dataset's view keeps one row per key (the newest) and hides tombstoned
// keys (table/dataset_view.h), so after an upsert or a tombstone the physical sum over-counts.
// Writers count the live rows of what they are about to commit and pass them to the catalog
// (CommitRequest::live_rows), so row_count, `lakehouse datasets` and /catalog/stats are exact.
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include <vector>

#include "catalog/dataset.h"
#include "catalog/dataset_version.h"
#include "common/result.h"
#include "sql/connection.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

// The rows `dataset`'s view shows over `files` (data and delete files, each with version_added
// set; files about to be committed carry the version they will get). Without a primary key: the
// sum of the data files' row counts (no query). With one: counted by the ingest DuckDB with the
// view's own merge rules, reading only the key columns.
Result<int64_t> CountLiveRows(Connection& conn, const BucketRegistry& buckets,
                              const Dataset& dataset, const std::vector<DataFile>& files);

}  // namespace lakehouse
