// FileStager: turns one uploaded file into one Parquet file in the staging directory. It is what an
// ingest service calls per upload; committing the staged file to a dataset is the caller's job.
//
//   FileStager stager(connection, options);
//   LH_ASSIGN_OR_RETURN(StagedFile staged, stager.StageFile({.input_path = spooled,
//                                                            .source_name = "orders.csv"}));
//
// StageFile, in order: validates the request, decides the format (format.h), scans the bytes once
// (input_scan.h: SHA-256, size, UTF-8, column cap; skipped when request.prescan already ran with
// the same parameters while the upload streamed in), runs the format's converter into
// "<staging_dir>/<uuid>.parquet.tmp", reads back row count and columns, and renames the file to
// "<uuid>.parquet". On any failure nothing is left in the staging directory.
//
// Errors: INVALID_ARGUMENT "<source_name>: <reason>" for anything wrong with the upload or its
// options; NOT_FOUND when input_path cannot be opened; other codes for the server's own trouble
// (staging directory not writable → UNAVAILABLE, cancelled query → CANCELLED, ...).
//
// Ownership: borrows `conn`, which must outlive the stager and must belong to a DuckDB instance
// that may read and write local files. Thread-safety: externally synchronised (it occupies its
// connection); use one FileStager per connection for concurrent uploads.
#pragma once

#include "common/result.h"
#include "ingest/input_scan.h"
#include "ingest/stage_request.h"
#include "ingest/staged_file.h"
#include "ingest/staging_options.h"
#include "sql/connection.h"

namespace lakehouse {

// The limits StageFile scans a `format` upload with under `options` and the client's CSV
// options; `hash` false when the caller already has the SHA-256. A scan run elsewhere with these
// limits (StageRequest::prescan) stands in for StageFile's own.
ScanLimits StagingScanLimits(const StagingOptions& options, InputFormat format,
                             const CsvOptions& csv, bool hash);

class FileStager {
 public:
  FileStager(Connection& conn, StagingOptions options);

  Result<StagedFile> StageFile(const StageRequest& request);

 private:
  Status ValidateOptions() const;

  Connection& conn_;
  StagingOptions options_;
};

}  // namespace lakehouse
