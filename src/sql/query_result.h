// QueryResult: the materialised result of one statement (a duckdb_result), read chunk by chunk.
//
//   LH_ASSIGN_OR_RETURN(QueryResult result, connection.Query("SELECT ..."));
//   while (std::optional<DataChunk> chunk = result.NextChunk()) {
//     for (uint64_t row = 0; row < chunk->size(); ++row) Use(chunk->GetJson(0, row));
//   }
//
// A failed statement never yields a QueryResult: Connection/PreparedStatement return the Status
// and destroy the duckdb_result themselves.
//
// Ownership: move-only; destroys the duckdb_result. Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "sql/data_chunk.h"

namespace lakehouse {

struct ColumnInfo {
  std::string name;
  std::string type;  // SQL spelling, e.g. "BIGINT", "DECIMAL(18,3)", "STRUCT(a INTEGER)[]"
};

class QueryResult {
 public:
  struct Rep;  // defined in sql/query_result_rep.h; only sql/ can build one
  explicit QueryResult(std::unique_ptr<Rep> rep);
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  ~QueryResult();

  const std::vector<ColumnInfo>& columns() const;
  uint64_t column_count() const { return columns().size(); }
  // Rows inserted/updated/deleted by a DML statement; 0 for queries.
  uint64_t rows_changed() const;

  // The next chunk, or nullopt when the result is exhausted — or, for a streaming result, when
  // execution failed: check status() after the last chunk.
  std::optional<DataChunk> NextChunk();
  // OK, or the error that ended a streaming result early.
  Status status() const;

  // First column of the first remaining row (null if there is none); for "SELECT count(*) ...".
  Json FetchScalar();

 private:
  std::unique_ptr<Rep> rep_;
};

}  // namespace lakehouse
