// WriteStaffingParquet: one generated staffing table (cli/staffing_data.h) as a Parquet file, for
// `lakehouse demo staffing` to upload with POST /ingest/file. Columns are written in name order
// with their types (BIGINT, DOUBLE, VARCHAR), as an NDJSON upload of the same rows would give
// them; row groups are sized so the server stages the file as it is (ingest/parquet_converter.h).
// Parquet instead of NDJSON: the server reads typed columns instead of parsing 2.6M JSON lines
// (the demo's ingest went from ≈ 150 s to seconds; docs/PERFORMANCE.md).
//
// Uses a private in-memory DuckDB (one thread, so the same rows give the same file).
// Thread-safety: a free function; concurrent calls are independent.
#pragma once

#include <string>

#include "cli/staffing_data.h"
#include "common/status.h"

namespace lakehouse {

Status WriteStaffingParquet(const StaffingTable& table, const std::string& path);

}  // namespace lakehouse
