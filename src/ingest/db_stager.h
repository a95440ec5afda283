// StageDbPull: a database pull (db_source.h: PostgreSQL or MySQL) → staged zstd Parquet files,
// with bounded memory, the Parquet write overlapping the pull.
//
// Rows are decoded by the source straight into DuckDB data chunks (sql/chunk_appender.h) that a
// `COPY (SELECT <publish expressions> FROM lh_chunk_stream(…)) TO '<file>.parquet'` reads as they
// fill (sql/chunk_stream.h): the COPY runs on a second thread, so DuckDB compresses and writes
// one row group while the source decodes the next, and no table holds the rows in between. Each
// column's publish expression turns a staged value into the published one (e.g. PostgreSQL arrays
// into LISTs with from_json). Every `batch_rows` rows `progress` is told the running total; every
// `rows_per_file` rows (and at the end) the file is finished and a new one started. Memory holds a
// few chunks in flight and the row group being written, whatever the source size.
//
// Errors: the source's (pg/pg_error.h, mysql/mysql_error.h) or DuckDB's (the COPY's, when it
// failed first); `progress` returning false → CANCELLED. On any failure the source is aborted
// (not drained), the COPY is stopped and waited for, and the files written so far (the unfinished
// one too) are deleted; on success the caller owns them.
//
// Thread-safety: uses the given Connection, which is externally synchronised (the COPY's thread
// uses it while the call lasts); the source and `progress` are used on the calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/db_source.h"
#include "ingest/staged_file.h"
#include "ingest/staging_options.h"
#include "sql/connection.h"

namespace lakehouse {

struct DbStageOptions {
  StagingOptions staging;
  int64_t batch_rows = 100'000;       // appender flush and progress interval
  int64_t rows_per_file = 1'000'000;  // rows per staged Parquet file (bounds memory)
};

// Called with the rows staged so far; returning false cancels the pull.
using DbProgress = std::function<bool(int64_t rows)>;

Result<std::vector<StagedFile>> StageDbPull(Connection& conn, DbSource& source,
                                            std::string_view source_name,
                                            const DbStageOptions& options,
                                            const DbProgress& progress);

}  // namespace lakehouse
