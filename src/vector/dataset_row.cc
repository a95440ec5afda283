#include "vector/dataset_row.h"

#include <algorithm>

namespace lakehouse {
namespace {

// As DumpJson writes SqlValue::ToJson(), without building it for the common kinds. Doubles and
// unsigned integers go through Json: its number format ("1.0", not "1") is the one clients saw.
void WriteValue(const SqlValue& value, JsonWriter& w) {
  if (value.is_null()) {
    w.Null();
  } else if (const std::string* text = value.AsString()) {
    w.String(*text);
  } else if (std::optional<bool> flag = value.AsBool()) {
    w.Bool(*flag);
  } else {
    w.Value(value.ToJson());
  }
}

int64_t EstimateBytes(const Json& value) {
  if (value.is_string())
    return 32 + static_cast<int64_t>(value.get_ref<const std::string&>().size());
  if (value.is_array() || value.is_object()) {
    int64_t bytes = 32;
    for (const Json& item : value) bytes += EstimateBytes(item);
    return bytes;
  }
  return 32;
}

int64_t EstimateBytes(const SqlValue& value) {
  if (const std::string* text = value.AsString()) return 32 + static_cast<int64_t>(text->size());
  if (const Json* nested = value.AsNested()) return EstimateBytes(*nested);
  return 32;
}

}  // namespace

RowColumns::RowColumns(std::vector<std::string> names) : names_(std::move(names)) {
  json_order_.resize(names_.size());
  for (size_t i = 0; i < names_.size(); ++i) json_order_[i] = i;
  // By name; among equal names the last column first, so that unique keeps it.
  std::sort(json_order_.begin(), json_order_.end(), [this](size_t a, size_t b) {
    return names_[a] != names_[b] ? names_[a] < names_[b] : a > b;
  });
  json_order_.erase(std::unique(json_order_.begin(), json_order_.end(),
                                [this](size_t a, size_t b) { return names_[a] == names_[b]; }),
                    json_order_.end());
}

void DatasetRow::WriteJson(JsonWriter& w) const {
  w.BeginObject();
  for (size_t c : columns->json_order()) {
    w.Key(columns->names()[c]);
    WriteValue(values[c], w);
  }
  w.EndObject();
}

Json DatasetRow::ToJson() const {
  Json out = Json::object();
  for (size_t c : columns->json_order()) out[columns->names()[c]] = values[c].ToJson();
  return out;
}

void RowsByDocId(const RowSet& rows, std::unordered_map<std::string, DatasetRow>* out,
                 int64_t* bytes, int64_t max_bytes) {
  std::vector<std::string> names;
  for (size_t c = 1; c < rows.columns.size(); ++c) names.push_back(rows.columns[c].name);
  auto columns = std::make_shared<const RowColumns>(std::move(names));
  out->reserve(out->size() + rows.row_count());
  int64_t total = 0;
  for (const std::vector<SqlValue>& row : rows.rows) {
    total += 64;
    const std::string* doc_id = row.empty() ? nullptr : row[0].AsString();
    if (doc_id == nullptr) continue;
    DatasetRow& kept = (*out)[*doc_id];
    kept.columns = columns;
    kept.values.assign(row.begin() + 1, row.end());
    if (bytes != nullptr) {
      for (size_t c = 1; c < row.size(); ++c) total += 32 + EstimateBytes(row[c]);
      if (total > max_bytes) break;
    }
  }
  if (bytes != nullptr) *bytes = total;
}

}  // namespace lakehouse
