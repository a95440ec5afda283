// DatasetRow: one dataset row a search returns with its hits ("row"), as typed SQL values, and
// RowColumns, the column names shared by every row of one fetch. A row is written as a JSON object
// only at the HTTP edge (SearchResults::ToJson).
//
// The object's members are the columns in byte order of their names, a repeated name once (its
// last column's value): the order and precedence an nlohmann object built from the columns had.
//
// Thread-safety: plain value types; RowColumns is immutable once made and shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/json_writer.h"
#include "sql/row_set.h"

namespace lakehouse {

class RowColumns {
 public:
  explicit RowColumns(std::vector<std::string> names);

  const std::vector<std::string>& names() const { return names_; }
  // Indexes into names(), in the order a row's JSON object lists them.
  const std::vector<size_t>& json_order() const { return json_order_; }

 private:
  std::vector<std::string> names_;
  std::vector<size_t> json_order_;
};

struct DatasetRow {
  std::shared_ptr<const RowColumns> columns;  // never null in a filled row
  std::vector<SqlValue> values;               // one per columns->names()

  // {"name": value, ...}; each value as SqlValue::ToJson.
  void WriteJson(JsonWriter& w) const;
  Json ToJson() const;
};

// The rows of `rows` by their first column (the doc id as text; a NULL id is skipped, a repeated
// id keeps its last row): the other columns are the row's. `bytes` (optional) receives the
// estimated size: 64 per row read, 32 + the value's estimate per value (strings: 32 + their bytes;
// nested values: 32 per element, recursively; other values: 32), counted until it passes
// `max_bytes` (then the map is incomplete and *bytes > max_bytes).
void RowsByDocId(const RowSet& rows, std::unordered_map<std::string, DatasetRow>* out,
                 int64_t* bytes = nullptr, int64_t max_bytes = INT64_MAX);

}  // namespace lakehouse
