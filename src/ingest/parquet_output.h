// The DuckDB steps every converter shares: describing the SELECT that reads an input, writing it as
// Parquet with the staging settings, and reading back what was written.
//
//   COPY (<select>) TO '<output>' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE <n>)
//
// DuckDB's errors name the temporary input path and quote the generated SQL; InputError rewrites
// them into "<source_name>: <reason>" and classifies them: problems reading the upload are
// INVALID_ARGUMENT, while cancellation, memory exhaustion and failures writing the output keep
// DuckDB's code.
//
// Thread-safety: the functions use the given Connection, which is externally synchronised.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "catalog/column_spec.h"
#include "common/result.h"
#include "ingest/conversion_job.h"
#include "sql/connection.h"

namespace lakehouse {

// The result columns of `select_sql` (via DESCRIBE; nullable is always true). Errors → InputError.
Result<std::vector<ColumnSpec>> DescribeSelect(Connection& conn, std::string_view select_sql,
                                               const ConversionJob& job);

// INVALID_ARGUMENT when `columns` exceeds job.max_columns.
Status CheckColumnCount(size_t columns, const ConversionJob& job);

// Writes the rows of `select_sql` to job.output_path and returns how many were written.
// Errors → InputError.
Result<int64_t> CopyToParquet(Connection& conn, std::string_view select_sql,
                              const ConversionJob& job);

struct ParquetSummary {
  int64_t row_count = 0;
  std::vector<ColumnSpec> columns;  // nullable: the file holds a NULL in the column (or no rows)
};

// Reads back a written Parquet file's schema, row count and per-column NULL presence, from the
// footer where it can (top-level primitive columns with NULL-count statistics, which DuckDB's
// writer records); only the other columns are scanned.
Result<ParquetSummary> SummarizeParquet(Connection& conn, const std::string& path);

// A DuckDB failure while converting `job`, rewritten as described above.
Status InputError(const Status& duckdb_status, const ConversionJob& job);

}  // namespace lakehouse
