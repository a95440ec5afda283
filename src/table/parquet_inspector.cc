#include "table/parquet_inspector.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <utility>

#include "sql/sql_literal.h"

namespace lakehouse {

namespace {

constexpr std::chrono::milliseconds kAcquireTimeout{5000};

// Paths reach DuckDB only as bound parameters, never spliced into SQL text. DuckDB still expands
// glob characters inside a path, which would let one "file" name many; such paths are refused.
Status CheckPath(const std::string& path) {
  if (path.empty()) return InvalidArgument("Parquet path is empty");
  if (path.find('\0') != std::string::npos) {
    return InvalidArgument("Parquet path '", path, "' contains a NUL byte");
  }
  if (path.find_first_of("*?[") != std::string::npos) {
    return InvalidArgument("Parquet path '", path,
                           "' contains a glob character (*, ? or [), which DuckDB would expand");
  }
  return Status::Ok();
}

// Local files are checked up front so "missing" is NOT_FOUND whatever DuckDB's wording; remote
// URLs rely on DuckDB's own mapping (sql/duckdb_status.h).
Status CheckExists(const std::string& path) {
  if (!path.starts_with('/')) return Status::Ok();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("Parquet file '", path, "' does not exist");
  }
  return Status::Ok();
}

// DuckDB's reading errors for a file that exists mean it is not (readable) Parquet; errors that
// say something about the server (cancellation, memory, a busy pool) pass through unchanged.
Status NotParquet(const Status& status, const std::string& what) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kUnavailable:  // DuckDB's IO errors, e.g. a footer pointing past the end
      return InvalidArgument(what, " is not a readable Parquet file: ", status.message());
    default:
      return status.WithContext(what);
  }
}

// "[$1, $2, ...]" and the matching parameter array.
std::pair<std::string, Json> PathList(const std::vector<std::string>& paths) {
  std::string list = "[";
  Json params = Json::array();
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i > 0) list += ", ";
    list += "$" + std::to_string(i + 1);
    params.push_back(paths[i]);
  }
  list += "]";
  return {std::move(list), std::move(params)};
}

Result<QueryResult> RunQuery(Connection& connection, const std::string& sql, const Json& params) {
  LH_ASSIGN_OR_RETURN(PreparedStatement statement, connection.Prepare(sql));
  return statement.Execute(params);
}

// Columns (name, type) of the result of `DESCRIBE SELECT * FROM read_parquet(...)`.
Result<std::vector<Column>> DescribeColumns(Connection& connection, const std::string& source,
                                            const Json& params) {
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      RunQuery(connection, "DESCRIBE SELECT * FROM " + source, params));
  std::vector<Column> columns;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      Column column;
      column.name = chunk->GetString(0, row).value_or("");
      column.type = chunk->GetString(1, row).value_or("");
      columns.push_back(std::move(column));
    }
  }
  return columns;
}

// Whether each top-level field of the file's Parquet schema is REQUIRED, in schema order.
// parquet_schema() lists the schema tree depth-first: the root, then each field followed by its
// descendants; num_children says how many direct children a group has.
Result<std::vector<bool>> RequiredTopLevelFields(Connection& connection, const Json& params) {
  LH_ASSIGN_OR_RETURN(
      QueryResult result,
      RunQuery(connection, "SELECT repetition_type, num_children FROM parquet_schema($1)", params));
  std::vector<std::pair<bool, int64_t>> nodes;  // required, children
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      nodes.emplace_back(chunk->GetString(0, row).value_or("") == "REQUIRED",
                         chunk->GetInt64(1, row).value_or(0));
    }
  }
  std::vector<bool> required;
  if (nodes.empty()) return required;
  // Walks past a node and its descendants; `pending` counts nodes still to skip.
  size_t next = 1;
  for (int64_t field = 0; field < nodes[0].second && next < nodes.size(); ++field) {
    required.push_back(nodes[next].first);
    int64_t pending = 1;
    while (pending > 0 && next < nodes.size()) {
      pending += nodes[next].second - 1;
      ++next;
    }
  }
  return required;
}

}  // namespace

Result<ParquetFileFacts> ParquetInspector::Inspect(const std::string& local_path) {
  LH_RETURN_IF_ERROR(CheckPath(local_path));
  LH_RETURN_IF_ERROR(CheckExists(local_path));
  const std::string what = "'" + local_path + "'";
  const Json params = Json::array({local_path});
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(kAcquireTimeout));

  ParquetFileFacts facts;
  facts.local_path = local_path;
  Result<QueryResult> metadata =
      RunQuery(*lease, "SELECT num_rows, file_size_bytes FROM parquet_file_metadata($1)", params);
  if (!metadata.ok()) return NotParquet(metadata.status(), what);
  int64_t files = 0;
  while (std::optional<DataChunk> chunk = metadata->NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row, ++files) {
      facts.row_count = chunk->GetInt64(0, row).value_or(-1);
      facts.size_bytes = chunk->GetInt64(1, row).value_or(-1);
    }
  }
  if (files != 1 || facts.row_count < 0 || facts.size_bytes < 0) {
    return InvalidArgument(what, " is not a readable Parquet file: its footer has no row count");
  }

  Result<std::vector<Column>> columns = DescribeColumns(*lease, "read_parquet($1)", params);
  if (!columns.ok()) return NotParquet(columns.status(), what);
  Result<std::vector<bool>> required = RequiredTopLevelFields(*lease, params);
  if (!required.ok()) return NotParquet(required.status(), what);
  facts.columns = std::move(columns).value();
  if (required->size() == facts.columns.size()) {
    for (size_t i = 0; i < facts.columns.size(); ++i) facts.columns[i].nullable = !(*required)[i];
  }
  return facts;
}

Result<std::vector<Column>> ParquetInspector::UnifiedColumns(
    const std::vector<std::string>& local_paths) {
  if (local_paths.empty()) return std::vector<Column>();
  for (const std::string& path : local_paths) {
    LH_RETURN_IF_ERROR(CheckPath(path));
    LH_RETURN_IF_ERROR(CheckExists(path));
  }
  auto [list, params] = PathList(local_paths);
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(kAcquireTimeout));
  Result<std::vector<Column>> columns =
      DescribeColumns(*lease, "read_parquet(" + list + ", union_by_name = true)", params);
  if (!columns.ok()) {
    return NotParquet(columns.status(), "one of " + std::to_string(local_paths.size()) + " files");
  }
  return columns;
}

Result<std::map<std::string, std::vector<std::string>>> ParquetInspector::SampleText(
    const std::vector<std::string>& local_paths, const std::vector<Column>& columns,
    int64_t per_column) {
  std::map<std::string, std::vector<std::string>> samples;
  if (local_paths.empty() || per_column <= 0) return samples;
  for (const std::string& path : local_paths) {
    LH_RETURN_IF_ERROR(CheckPath(path));
    LH_RETURN_IF_ERROR(CheckExists(path));
  }
  auto [list, params] = PathList(local_paths);
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(kAcquireTimeout));
  for (const Column& column : columns) {
    if (column.type != "VARCHAR") continue;
    LH_RETURN_IF_ERROR(CheckSqlText("column name", column.name));
    const std::string name = SqlIdentifier(column.name);
    Result<QueryResult> result = RunQuery(*lease,
                                          "SELECT " + name + " FROM read_parquet(" + list +
                                              ", union_by_name = true) WHERE " + name +
                                              " IS NOT NULL LIMIT " + std::to_string(per_column),
                                          params);
    if (!result.ok()) return NotParquet(result.status(), "column '" + column.name + "'");
    std::vector<std::string>& values = samples[column.name];
    while (std::optional<DataChunk> chunk = result->NextChunk()) {
      for (uint64_t row = 0; row < chunk->size(); ++row) {
        if (std::optional<std::string> value = chunk->GetString(0, row)) {
          values.push_back(std::move(*value));
        }
      }
    }
  }
  return samples;
}

}  // namespace lakehouse
