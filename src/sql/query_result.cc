#include "sql/query_result.h"

#include <utility>

#include "sql/duckdb_status.h"
#include "sql/logical_type.h"
#include "sql/query_result_rep.h"

namespace lakehouse {

QueryResult::QueryResult(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() = default;

const std::vector<ColumnInfo>& QueryResult::columns() const { return rep_->columns; }

uint64_t QueryResult::rows_changed() const { return duckdb_rows_changed(&rep_->result); }

std::optional<DataChunk> QueryResult::NextChunk() {
  duckdb_data_chunk chunk = duckdb_fetch_chunk(rep_->result);
  if (chunk == nullptr) return std::nullopt;
  return DataChunk(chunk, rep_->decoders);
}

Status QueryResult::status() const {
  const char* error = duckdb_result_error(&rep_->result);
  if (error == nullptr) return Status::Ok();
  return sql_detail::StatusFromDuckDb(duckdb_result_error_type(&rep_->result), error,
                                      "DuckDB query failed");
}

Json QueryResult::FetchScalar() {
  while (std::optional<DataChunk> chunk = NextChunk()) {
    if (chunk->size() > 0 && chunk->column_count() > 0) return chunk->GetJson(0, 0);
  }
  return nullptr;
}

namespace sql_detail {

Result<QueryResult> FinishQuery(duckdb_state state, std::unique_ptr<QueryResult::Rep> rep) {
  if (state != DuckDBSuccess) {
    return StatusFromDuckDb(duckdb_result_error_type(&rep->result),
                            duckdb_result_error(&rep->result), "DuckDB query failed");
  }
  auto decoders = std::make_shared<DecoderSet>();
  const idx_t count = duckdb_column_count(&rep->result);
  for (idx_t i = 0; i < count; ++i) {
    LogicalType type(duckdb_column_logical_type(&rep->result, i));
    const char* name = duckdb_column_name(&rep->result, i);
    decoders->columns.emplace_back(type.get());
    rep->columns.push_back({name != nullptr ? name : "", decoders->columns.back().type_name()});
  }
  rep->decoders = std::move(decoders);
  return QueryResult(std::move(rep));
}

}  // namespace sql_detail
}  // namespace lakehouse
