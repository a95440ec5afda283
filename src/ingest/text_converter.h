// Plain text → Parquet: one row for the whole file.
//
//   file VARCHAR (the upload's name), text VARCHAR (the content), size_bytes BIGINT
//
// The caller (FileStager) has already checked that the file is non-empty UTF-8. The content is
// read by DuckDB's read_text, so it never passes through this process's memory.
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "sql/connection.h"

namespace lakehouse {

Status ConvertText(Connection& conn, const ConversionJob& job);

}  // namespace lakehouse
