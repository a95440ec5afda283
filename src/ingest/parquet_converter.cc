#include "ingest/parquet_converter.h"

#include <filesystem>
#include <optional>
#include <vector>

#include "ingest/parquet_output.h"
#include "ingest/staging_options.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

// True when the upload's row groups already have the staging layout's granularity: every group
// but the last within [kMinRowGroupSize, kMaxRowGroupSize] rows, the last at most the maximum.
// Compression is not part of it (any codec DuckDB reads serves as well).
Result<bool> HasStagingLayout(Connection& conn, const ConversionJob& job) {
  Result<QueryResult> groups =
      conn.Query(StrCat("SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(",
                        SqlStringLiteral(job.input_path), ") ORDER BY row_group_id"));
  if (!groups.ok()) return InputError(groups.status(), job);
  std::vector<int64_t> rows;
  while (std::optional<DataChunk> chunk = groups->NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) rows.push_back(chunk->GetInt64(1, r).value_or(0));
  }
  if (rows.empty()) return false;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] > kMaxRowGroupSize) return false;
    if (i + 1 < rows.size() && rows[i] < kMinRowGroupSize) return false;
  }
  return true;
}

// Reads every value of every column once (a hash over each row, which statistics cannot answer),
// so a corrupt or truncated page is refused here as the rewrite would refuse it.
Status ReadEveryValue(Connection& conn, const std::vector<ColumnSpec>& columns,
                      const ConversionJob& job) {
  std::string args;
  for (const ColumnSpec& c : columns) args += (args.empty() ? "" : ", ") + SqlIdentifier(c.name);
  if (args.empty()) return Status::Ok();
  Result<QueryResult> read =
      conn.Query(StrCat("SELECT bit_xor(hash(", args, ")) FROM read_parquet(",
                        SqlStringLiteral(job.input_path), ")"));
  if (!read.ok()) return InputError(read.status(), job);
  return Status::Ok();
}

}  // namespace

Status ConvertParquet(Connection& conn, const ConversionJob& job) {
  const std::string select =
      StrCat("SELECT * FROM read_parquet(", SqlStringLiteral(job.input_path), ")");
  LH_ASSIGN_OR_RETURN(std::vector<ColumnSpec> columns, DescribeSelect(conn, select, job));
  LH_RETURN_IF_ERROR(CheckColumnCount(columns.size(), job));
  LH_ASSIGN_OR_RETURN(bool as_is, HasStagingLayout(conn, job));
  if (as_is) {
    LH_RETURN_IF_ERROR(ReadEveryValue(conn, columns, job));
    // The upload's bytes become the staged file: a hard link (the spool is never written again),
    // or a copy across file systems.
    std::error_code ec;
    std::filesystem::create_hard_link(job.input_path, job.output_path, ec);
    if (ec) {
      ec.clear();
      std::filesystem::copy_file(job.input_path, job.output_path, ec);
      if (ec) return Unavailable("cannot stage ", job.source_name, ": ", ec.message());
    }
    return Status::Ok();
  }
  return CopyToParquet(conn, select, job).status();
}

}  // namespace lakehouse
