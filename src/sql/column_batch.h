// ColumnBatch: rows held column by column in plain C++ vectors, appended to a DuckDB table in
// whole data chunks (Appender::AppendBatch) — the fast path for wide numeric payloads such as
// embedding vectors, which row-by-row appends would turn into one DuckDB value per float.
//
//   ColumnBatch batch({{ColumnBatch::kInt64}, {ColumnBatch::kVarchar}, {ColumnBatch::kFloatArray,
//   384}}); batch.AddInt64(0, label); batch.AddString(1, text); batch.AddFloats(2, vector);
//   batch.EndRow(); LH_RETURN_IF_ERROR(appender.AppendBatch(batch));
//
// Every row must give each column exactly one value (or AddNull). Float arrays must have exactly
// array_size values.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lakehouse {

class ColumnBatch {
 public:
  enum Kind { kInt64, kInt32, kVarchar, kFloatArray };
  struct Spec {
    Kind kind;
    int32_t array_size = 0;  // kFloatArray only
  };
  struct Column {
    Spec spec;
    std::vector<int64_t> i64;
    std::vector<int32_t> i32;
    std::vector<std::string> str;
    std::vector<float> floats;  // row-major, array_size per row (zeros for NULL rows)
    std::vector<uint8_t> valid;
  };

  explicit ColumnBatch(std::vector<Spec> specs);

  void AddInt64(size_t column, int64_t value);
  void AddInt32(size_t column, int32_t value);
  void AddString(size_t column, std::string_view value);
  // INVALID_ARGUMENT when the span's size is not the column's array_size.
  Status AddFloats(size_t column, std::span<const float> values);
  void AddNull(size_t column);
  // INTERNAL when a column got no value or two in this row.
  Status EndRow();

  size_t rows() const { return rows_; }
  const std::vector<Column>& columns() const { return columns_; }
  void Clear();

 private:
  std::vector<Column> columns_;
  size_t rows_ = 0;
};

}  // namespace lakehouse
