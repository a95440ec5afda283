#include "sql/result_json.h"

namespace lakehouse {

Json ColumnsToJson(const std::vector<ColumnInfo>& columns) {
  Json out = Json::array();
  for (const ColumnInfo& column : columns) {
    out.push_back({{"name", column.name}, {"type", column.type}});
  }
  return out;
}

Json RowSetToJson(const RowSet& rows) {
  Json out_rows = Json::array();
  for (const std::vector<SqlValue>& row : rows.rows) {
    Json values = Json::array();
    for (const SqlValue& value : row) values.push_back(value.ToJson());
    out_rows.push_back(std::move(values));
  }
  return {{"columns", ColumnsToJson(rows.columns)},
          {"rows", std::move(out_rows)},
          {"row_count", rows.row_count()},
          {"truncated", rows.truncated}};
}

Json ResultToJson(QueryResult& result, int64_t max_rows) {
  return RowSetToJson(ReadRowSet(result, max_rows));
}

}  // namespace lakehouse
