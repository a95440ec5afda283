// CSV/TSV → Parquet through DuckDB's read_csv. Everything CsvOptions leaves unset is detected by
// DuckDB's sniffer (dialect, header, column types over a 20,480-row sample); TSV defaults the
// delimiter to TAB. Options are validated (see stage_request.h) and always reach SQL as quoted
// literals.
//
// The caller (FileStager) has already run ScanInput over the file, so it is non-empty UTF-8 with a
// header within the column cap, no over-long line and no unterminated quote, and options.delimiter
// holds the delimiter the scan detected (a ragged row no longer turns the file into one column).
//
// The conversion is one COPY: no separate DESCRIBE, which would run DuckDB's sniffer a second
// time. The column count DuckDB settles on is checked against the cap on the written file
// (FileStager); the byte scan has already bounded the header's width.
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "ingest/input_scan.h"
#include "ingest/stage_request.h"
#include "ingest/staged_file.h"
#include "sql/connection.h"

namespace lakehouse {

// INVALID_ARGUMENT (naming the option) for option values outside the documented ranges.
Status ValidateCsvOptions(const CsvOptions& options);

// The shape-scan settings matching `options` for a file of `format` (kCsv or kTsv); the options
// must have passed ValidateCsvOptions.
CsvShapeOptions CsvShapeFor(const CsvOptions& options, InputFormat format);

// Writes job.output_path. `format` is kCsv or kTsv. Rows DuckDB rejects (ragged, values that do
// not fit the column's type, lines over job.max_line_bytes) are handled by options.on_bad_rows:
// an INVALID_ARGUMENT naming the first bad line, its reason and the bad lines (kError), or left
// out / padded and reported in the returned BadRows.
Result<BadRows> ConvertCsv(Connection& conn, const ConversionJob& job, const CsvOptions& options,
                           InputFormat format);

}  // namespace lakehouse
