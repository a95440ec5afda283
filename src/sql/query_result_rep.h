// Internal to sql/: the representation behind QueryResult and DataChunk. Includes duckdb.h, so only
// sql/*.cc may include this header.
#pragma once

#include <duckdb.h>

#include <memory>
#include <vector>

#include "common/result.h"
#include "sql/query_result.h"
#include "sql/value_decoder.h"

namespace lakehouse {

namespace sql_detail {
// One decoder per result column, shared by the result and its chunks.
struct DecoderSet {
  std::vector<ValueDecoder> columns;
};
}  // namespace sql_detail

struct QueryResult::Rep {
  Rep() = default;
  Rep(const Rep&) = delete;
  Rep& operator=(const Rep&) = delete;
  ~Rep() { duckdb_destroy_result(&result); }  // also frees the error of a failed statement

  duckdb_result result{};
  std::vector<ColumnInfo> columns;
  std::shared_ptr<const sql_detail::DecoderSet> decoders;
};

namespace sql_detail {
// Finishes a statement run into `rep->result`: its error as a Status (the result is destroyed with
// `rep`), or a QueryResult with column names, types and decoders filled in.
Result<QueryResult> FinishQuery(duckdb_state state, std::unique_ptr<QueryResult::Rep> rep);
}  // namespace sql_detail

}  // namespace lakehouse
