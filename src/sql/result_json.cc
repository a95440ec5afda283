#include "sql/result_json.h"

#include <optional>

namespace lakehouse {

Json ColumnsToJson(const std::vector<ColumnInfo>& columns) {
  Json out = Json::array();
  for (const ColumnInfo& column : columns) {
    out.push_back({{"name", column.name}, {"type", column.type}});
  }
  return out;
}

Json ResultToJson(QueryResult& result, int64_t max_rows) {
  Json rows = Json::array();
  bool truncated = false;
  const uint64_t columns = result.column_count();
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) {
      if (max_rows >= 0 && rows.size() >= static_cast<uint64_t>(max_rows)) {
        truncated = true;
        break;
      }
      Json row = Json::array();
      for (uint64_t c = 0; c < columns; ++c) row.push_back(chunk->GetJson(c, r));
      rows.push_back(std::move(row));
    }
    if (truncated) break;
  }
  const size_t row_count = rows.size();
  return {{"columns", ColumnsToJson(result.columns())},
          {"rows", std::move(rows)},
          {"row_count", row_count},
          {"truncated", truncated}};
}

}  // namespace lakehouse
