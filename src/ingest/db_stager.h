// StageDbPull: a database pull (db_source.h: PostgreSQL or MySQL) → staged zstd Parquet files,
// with bounded memory.
//
// Rows are decoded by the source straight into DuckDB data chunks (sql/chunk_appender.h) appended
// to a connection-local scratch table whose columns have the source's staged types. Every
// `batch_rows` rows the appender is flushed and `progress` is told the running total; every
// `rows_per_file` rows (and at the end) the scratch table is written as one Parquet file (through
// each column's publish expression, e.g. PostgreSQL arrays turned into LISTs with from_json) and
// emptied. So memory holds at most one file's worth of rows in DuckDB (which spills to its temp
// directory under its memory limit), whatever the source size.
//
// Errors: the source's (pg/pg_error.h, mysql/mysql_error.h) or DuckDB's; `progress` returning
// false → CANCELLED. On any failure the source is aborted (not drained) and the files written
// so far are deleted; on success the caller owns them.
//
// Thread-safety: uses the given Connection, which is externally synchronised.
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
