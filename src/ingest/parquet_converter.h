// Parquet → staged Parquet: the upload is read with read_parquet (which proves it is readable and
// not truncated) and rewritten with the staging settings (zstd, the staging row-group size), so
// every staged file has the same physical layout whatever wrote the original.
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
