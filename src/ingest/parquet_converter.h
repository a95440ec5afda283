// Parquet → staged Parquet. An upload whose row groups already have the staging granularity
// (every group but the last within kMinRowGroupSize..kMaxRowGroupSize rows, staging_options.h) is
// staged as it is — every value read once with read_parquet (which proves it is readable and not
// truncated), then hard-linked (or copied) as the staged file, whatever its compression codec.
// Any other is rewritten with the staging settings (zstd, the staging row-group size). Rewriting
// a 100K × 384-float file cost more than DuckDB's own COPY of it (the write dominates), so
// staging a well-laid-out Parquet as is makes a bring-your-own-vectors ingest faster than COPY
// (issue #18; docs/PERFORMANCE.md).
//
// Refused with INVALID_ARGUMENT naming job.source_name: unreadable/corrupt Parquet and more than
// job.max_columns columns.
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "sql/connection.h"

namespace lakehouse {

Status ConvertParquet(Connection& conn, const ConversionJob& job);

}  // namespace lakehouse
