// RowSet: a read statement's rows as typed values — what QueryService hands its callers. JSON is
// rendered from it only at the HTTP edge (result_json.h: RowSetToJson).
//
//   LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries->Query(request));
//   const RowSet& rows = answer.rows();
//   std::optional<size_t> id = rows.ColumnIndex("id");
//   for (size_t r = 0; r < rows.row_count(); ++r) Use(rows.Int64(r, *id));
//
// A SqlValue holds what sql/value_decoder.h decodes, in the C++ type of its JSON rendering: NULL,
// BOOLEAN, a signed or unsigned integer (HUGEINT that fits 64 bits), a floating number (FLOAT,
// DOUBLE, DECIMAL; NaN and ±Infinity are NULL), text (VARCHAR, and every type rendered as a
// string: dates and times, UUID, BLOB as base64, INTERVAL, ENUM, a HUGEINT beyond 64 bits), or a
// nested value (LIST, ARRAY, STRUCT, MAP) kept as its JSON rendering. ToJson gives back exactly
// the JSON the decoder produced.
//
// Thread-safety: immutable once built; const methods may run concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/json.h"
#include "sql/query_result.h"

namespace lakehouse {

class SqlValue {
 public:
  SqlValue() = default;  // NULL
  // The value whose JSON rendering is `json` (see the header comment).
  static SqlValue FromJson(Json json);

  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  bool is_nested() const { return std::holds_alternative<Json>(value_); }
  // BOOLEAN; nullopt for anything else.
  std::optional<bool> AsBool() const;
  // An integer that fits int64; nullopt for NULL and non-integers.
  std::optional<int64_t> AsInt64() const;
  // Any number (integers and floating); nullopt otherwise.
  std::optional<double> AsDouble() const;
  // Text; nullopt for NULL, numbers, booleans and nested values.
  const std::string* AsString() const;
  // LIST, ARRAY, STRUCT or MAP as its JSON rendering; null otherwise.
  const Json* AsNested() const;
  Json ToJson() const;

  friend bool operator==(const SqlValue&, const SqlValue&) = default;

 private:
  std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string, Json> value_;
};

struct RowSet {
  std::vector<ColumnInfo> columns;
  std::vector<std::vector<SqlValue>> rows;  // each row holds columns.size() values
  bool truncated = false;                   // the statement had more rows than were kept

  size_t row_count() const { return rows.size(); }
  // The first column named `name` (exact spelling), or nullopt.
  std::optional<size_t> ColumnIndex(std::string_view name) const;

  // Typed access; preconditions: row < row_count(), col < columns.size().
  const SqlValue& At(size_t row, size_t col) const { return rows[row][col]; }
  std::optional<int64_t> Int64(size_t row, size_t col) const { return At(row, col).AsInt64(); }
  std::optional<double> Double(size_t row, size_t col) const { return At(row, col).AsDouble(); }
  // The text value, or "" for NULL and non-text values.
  std::string String(size_t row, size_t col) const;
};

// Consumes the remaining chunks of `result` into a RowSet; max_rows < 0 means no limit.
RowSet ReadRowSet(QueryResult& result, int64_t max_rows = -1);

}  // namespace lakehouse
