// ParquetInspector: facts about Parquet objects read from their footers through DuckDB
// (parquet_metadata for row counts, the file schema for columns) — never by scanning data, except
// SampleText, which reads a few values per text column for PII classification.
//
// Thread-safety: thread-safe; each call takes a pooled DuckDB connection.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/dataset.h"
#include "common/result.h"
#include "sql/connection_pool.h"

namespace lakehouse {

struct ParquetFileFacts {
  std::string local_path;
  int64_t row_count = 0;
  int64_t size_bytes = 0;
  std::vector<Column> columns;  // name, DuckDB type, nullable (descriptions/PII left empty)
};

class ParquetInspector {
 public:
  explicit ParquetInspector(ConnectionPool* pool) : pool_(pool) {}

  // INVALID_ARGUMENT when a file is not readable Parquet (message names the file);
  // NOT_FOUND when it does not exist.
  Result<ParquetFileFacts> Inspect(const std::string& local_path);

  // Columns of the union of several files by name (DuckDB's union_by_name), for a dataset made of
  // files whose schemas evolved.
  Result<std::vector<Column>> UnifiedColumns(const std::vector<std::string>& local_paths);

  // Up to `per_column` non-null values of each VARCHAR column in `columns`, read from the files
  // (the only call here that scans data; it stops at the limit), for PII classification.
  Result<std::map<std::string, std::vector<std::string>>> SampleText(
      const std::vector<std::string>& local_paths, const std::vector<Column>& columns,
      int64_t per_column);

 private:
  ConnectionPool* pool_;
};

}  // namespace lakehouse
