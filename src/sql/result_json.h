// The JSON shape the API returns for rows (a RowSet, or a QueryResult read into one):
//
//   {"columns": [{"name": "id", "type": "BIGINT"}, ...],
//    "rows": [[1, "a"], [2, null], ...],
//    "row_count": 2,          // rows in "rows"
//    "truncated": false}      // true when the result had more rows than max_rows
//
// Values are rendered per logical type as documented in sql/value_decoder.h.
// Thread-safety: thread-safe for distinct results.
#pragma once

#include <cstdint>
#include <vector>

#include "common/json.h"
#include "sql/query_result.h"
#include "sql/row_set.h"

namespace lakehouse {

// [{"name":..., "type":...}, ...]
Json ColumnsToJson(const std::vector<ColumnInfo>& columns);

// {"columns","rows","row_count","truncated"}; each value as SqlValue::ToJson.
Json RowSetToJson(const RowSet& rows);

// Consumes the remaining chunks of `result`. max_rows < 0 means no limit.
Json ResultToJson(QueryResult& result, int64_t max_rows = -1);

}  // namespace lakehouse
