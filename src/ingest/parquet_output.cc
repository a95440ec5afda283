#include "ingest/parquet_output.h"

#include <map>
#include <optional>
#include <string>

#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

constexpr size_t kMaxMessageBytes = 600;
constexpr size_t kMaxEchoBytes = 120;

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// DuckDB messages continue after a blank line with hints and dialect dumps, and after "LINE n:"
// with the generated SQL; the first paragraph is the reason.
// An echoed input line ("Original Line: …") is cut to kMaxEchoBytes, so that the cause after it
// survives the overall cap.
std::string FirstParagraph(std::string message) {
  for (std::string_view end : {"\n\n", "\nLINE "}) {
    if (size_t pos = message.find(end); pos != std::string::npos) message.resize(pos);
  }
  for (size_t start = 0; start < message.size();) {
    size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    const std::string_view line(message.data() + start, end - start);
    if (line.starts_with("Original Line:") && line.size() > kMaxEchoBytes) {
      size_t cut = start + kMaxEchoBytes;
      while (cut > start && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
      message.replace(cut, end - cut, "…");
      end = cut + std::string_view("…").size();
    }
    start = end + 1;
  }
  ReplaceAll(message, "\n", " ");
  while (!message.empty() && message.back() == ' ') message.pop_back();
  if (message.size() > kMaxMessageBytes) message = message.substr(0, kMaxMessageBytes) + "…";
  return message;
}

Result<std::vector<ColumnSpec>> ReadDescribe(Connection& conn, std::string_view select_sql) {
  LH_ASSIGN_OR_RETURN(QueryResult result, conn.Query(StrCat("DESCRIBE ", select_sql)));
  std::vector<ColumnSpec> columns;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      columns.push_back(
          {chunk->GetString(0, row).value_or(""), chunk->GetString(1, row).value_or(""), true});
    }
  }
  return columns;
}

}  // namespace

Status InputError(const Status& duckdb_status, const ConversionJob& job) {
  std::string message = FirstParagraph(duckdb_status.message());
  const bool writing = message.find(job.output_path) != std::string::npos;
  ReplaceAll(message, job.output_path, "the staging file");
  ReplaceAll(message, job.input_path, job.source_name);
  StatusCode code = StatusCode::kInvalidArgument;
  switch (duckdb_status.code()) {
    case StatusCode::kCancelled:
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kResourceExhausted:
      code = duckdb_status.code();
      break;
    default:
      if (writing) code = duckdb_status.code();
      break;
  }
  return Status(code, StrCat(job.source_name, ": ", message));
}

Result<std::vector<ColumnSpec>> DescribeSelect(Connection& conn, std::string_view select_sql,
                                               const ConversionJob& job) {
  Result<std::vector<ColumnSpec>> columns = ReadDescribe(conn, select_sql);
  if (!columns.ok()) return InputError(columns.status(), job);
  return columns;
}

Status CheckColumnCount(size_t columns, const ConversionJob& job) {
  if (static_cast<int64_t>(columns) > job.max_columns) {
    return InvalidArgument(job.source_name, ": ", std::to_string(columns),
                           " columns exceed the configured maximum of ",
                           std::to_string(job.max_columns));
  }
  return Status::Ok();
}

Result<int64_t> CopyToParquet(Connection& conn, std::string_view select_sql,
                              const ConversionJob& job) {
  Result<QueryResult> result =
      conn.Query(StrCat("COPY (", select_sql, ") TO ", SqlStringLiteral(job.output_path),
                        " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ",
                        std::to_string(job.row_group_size), ")"));
  if (!result.ok()) return InputError(result.status(), job);
  const Json count = result->FetchScalar();
  return count.is_number_integer() ? count.get<int64_t>() : int64_t{0};
}

Result<ParquetSummary> SummarizeParquet(Connection& conn, const std::string& path) {
  const std::string file = SqlStringLiteral(path);
  ParquetSummary summary;
  LH_ASSIGN_OR_RETURN(summary.columns,
                      ReadDescribe(conn, StrCat("SELECT * FROM read_parquet(", file, ")")));
  // Row count and NULL presence come from the footer: a top-level column of a primitive type is
  // one leaf whose path is its name, and the writer records its NULL count per row group.
  LH_ASSIGN_OR_RETURN(
      QueryResult rows,
      conn.Query(StrCat("SELECT coalesce(sum(row_group_num_rows), 0)::BIGINT FROM (SELECT DISTINCT "
                        "row_group_id, row_group_num_rows FROM parquet_metadata(",
                        file, "))")));
  std::optional<DataChunk> rows_chunk = rows.NextChunk();
  if (!rows_chunk || rows_chunk->size() != 1)
    return Internal("no row count for staged file ", path);
  summary.row_count = rows_chunk->GetInt64(0, 0).value_or(0);

  std::map<std::string, std::optional<int64_t>> nulls;  // leaf path → NULLs, unset when unknown
  LH_ASSIGN_OR_RETURN(
      QueryResult leaves,
      conn.Query(StrCat("SELECT path_in_schema, CASE WHEN count(*) = count(stats_null_count) THEN "
                        "sum(stats_null_count)::BIGINT END FROM parquet_metadata(",
                        file, ") GROUP BY path_in_schema")));
  while (std::optional<DataChunk> chunk = leaves.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      nulls[chunk->GetString(0, row).value_or("")] = chunk->GetInt64(1, row);
    }
  }
  // Columns the footer cannot answer (nested types, missing statistics) are counted.
  std::vector<size_t> unresolved;
  for (size_t i = 0; i < summary.columns.size(); ++i) {
    ColumnSpec& column = summary.columns[i];
    auto it = nulls.find(column.name);
    if (summary.row_count == 0) {
      column.nullable = true;
    } else if (it != nulls.end() && it->second.has_value()) {
      column.nullable = *it->second > 0;
    } else {
      unresolved.push_back(i);
    }
  }
  if (unresolved.empty()) return summary;
  std::string counts = "SELECT count(*)";
  for (size_t i : unresolved)
    counts += StrCat(", count(", SqlIdentifier(summary.columns[i].name), ")");
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query(StrCat(counts, " FROM read_parquet(", file, ")")));
  std::optional<DataChunk> chunk = result.NextChunk();
  if (!chunk || chunk->size() != 1) return Internal("no row counts for staged file ", path);
  for (size_t k = 0; k < unresolved.size(); ++k) {
    const int64_t non_null = chunk->GetInt64(k + 1, 0).value_or(0);
    summary.columns[unresolved[k]].nullable = non_null < summary.row_count;
  }
  return summary;
}

}  // namespace lakehouse
