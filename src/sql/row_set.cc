#include "sql/row_set.h"

#include <utility>

namespace lakehouse {

SqlValue SqlValue::FromJson(Json json) {
  SqlValue out;
  switch (json.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      break;
    case Json::value_t::boolean:
      out.value_ = json.get<bool>();
      break;
    case Json::value_t::number_integer:
      out.value_ = json.get<int64_t>();
      break;
    case Json::value_t::number_unsigned:
      out.value_ = json.get<uint64_t>();
      break;
    case Json::value_t::number_float:
      out.value_ = json.get<double>();
      break;
    case Json::value_t::string:
      out.value_ = std::move(json.get_ref<std::string&>());
      break;
    default:  // array, object, binary
      out.value_ = std::move(json);
      break;
  }
  return out;
}

std::optional<bool> SqlValue::AsBool() const {
  if (const bool* b = std::get_if<bool>(&value_)) return *b;
  return std::nullopt;
}

std::optional<int64_t> SqlValue::AsInt64() const {
  if (const int64_t* i = std::get_if<int64_t>(&value_)) return *i;
  if (const uint64_t* u = std::get_if<uint64_t>(&value_)) {
    if (*u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(*u);
  }
  return std::nullopt;
}

std::optional<double> SqlValue::AsDouble() const {
  if (const double* d = std::get_if<double>(&value_)) return *d;
  if (const int64_t* i = std::get_if<int64_t>(&value_)) return static_cast<double>(*i);
  if (const uint64_t* u = std::get_if<uint64_t>(&value_)) return static_cast<double>(*u);
  return std::nullopt;
}

const std::string* SqlValue::AsString() const { return std::get_if<std::string>(&value_); }

const Json* SqlValue::AsNested() const { return std::get_if<Json>(&value_); }

Json SqlValue::ToJson() const {
  return std::visit(
      [](const auto& v) -> Json {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
          return Json();
        } else {
          return Json(v);
        }
      },
      value_);
}

std::optional<size_t> RowSet::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  return std::nullopt;
}

std::string RowSet::String(size_t row, size_t col) const {
  const std::string* text = At(row, col).AsString();
  return text != nullptr ? *text : std::string();
}

RowSet ReadRowSet(QueryResult& result, int64_t max_rows) {
  RowSet out;
  out.columns = result.columns();
  const uint64_t columns = result.column_count();
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) {
      if (max_rows >= 0 && out.rows.size() >= static_cast<uint64_t>(max_rows)) {
        out.truncated = true;
        return out;
      }
      std::vector<SqlValue>& row = out.rows.emplace_back();
      row.reserve(columns);
      for (uint64_t c = 0; c < columns; ++c)
        row.push_back(SqlValue::FromJson(chunk->GetJson(c, r)));
    }
  }
  return out;
}

}  // namespace lakehouse
