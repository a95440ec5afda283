// The catalog's JSON shapes (the API contract of /catalog/*):
//
//   Dataset:  {"id","name","description","owner","sensitivity","tags","columns","lineage",
//              "created_at","updated_at","last_ingest_at","row_count","size_bytes",
//              "schema_fingerprint","bucket","primary_key","current_version"}
//             sensitivity is the effective one; timestamps are RFC 3339 strings
//             (last_ingest_at null until the first ingest); primary_key is an array or null.
//   Column:   {"name","type","nullable","description","sensitivity",
//              "pii":{"kind","confidence"}|null}
//   Lineage:  {"source_system","source_uri","ingest_job_id","parent_datasets"}
//             ingest_job_id is the /jobs id of the job that last wrote the data (a database
//             pull), null when that write ran in its request (an upload) or nothing wrote yet.
//   Version:  {"version","operation","rows_added","rows_removed","actor","committed_at",
//              "files_added":[File],"files_removed":[File],"detail"}
//   File:     {"path","bucket","row_count","size_bytes"}
//   Lists:    {"datasets":[Dataset]}, {"versions":[Version]}
//   Stats:    {"datasets","total_rows","total_bytes","versions","live_files","pending_reap_files",
//              "by_sensitivity":{"public":n,"internal":n,"confidential":n,"restricted":n}}
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <vector>

#include "catalog/catalog_stats.h"
#include "catalog/dataset.h"
#include "catalog/dataset_version.h"
#include "common/json.h"

namespace lakehouse {

Json ColumnToJson(const Column& column);
Json DatasetToJson(const Dataset& dataset);
Json DatasetListToJson(const std::vector<Dataset>& datasets);
Json DataFileToJson(const DataFile& file);
Json DatasetVersionToJson(const DatasetVersion& version);
Json VersionListToJson(const std::vector<DatasetVersion>& versions);
Json CatalogStatsToJson(const CatalogStats& stats);

}  // namespace lakehouse
