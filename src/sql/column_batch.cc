#include "sql/column_batch.h"

namespace lakehouse {

ColumnBatch::ColumnBatch(std::vector<Spec> specs) {
  columns_.reserve(specs.size());
  for (const Spec& spec : specs) columns_.push_back(Column{spec, {}, {}, {}, {}, {}});
}

void ColumnBatch::AddInt64(size_t column, int64_t value) {
  columns_[column].i64.push_back(value);
  columns_[column].valid.push_back(1);
}

void ColumnBatch::AddInt32(size_t column, int32_t value) {
  columns_[column].i32.push_back(value);
  columns_[column].valid.push_back(1);
}

void ColumnBatch::AddString(size_t column, std::string_view value) {
  columns_[column].str.emplace_back(value);
  columns_[column].valid.push_back(1);
}

Status ColumnBatch::AddFloats(size_t column, std::span<const float> values) {
  Column& c = columns_[column];
  if (values.size() != static_cast<size_t>(c.spec.array_size)) {
    return InvalidArgument("column ", std::to_string(column), " expects ",
                           std::to_string(c.spec.array_size), " floats, got ",
                           std::to_string(values.size()));
  }
  c.floats.insert(c.floats.end(), values.begin(), values.end());
  c.valid.push_back(1);
  return Status::Ok();
}

void ColumnBatch::AddNull(size_t column) {
  Column& c = columns_[column];
  switch (c.spec.kind) {
    case kInt64:
      c.i64.push_back(0);
      break;
    case kInt32:
      c.i32.push_back(0);
      break;
    case kVarchar:
      c.str.emplace_back();
      break;
    case kFloatArray:
      c.floats.resize(c.floats.size() + c.spec.array_size, 0.0f);
      break;
  }
  c.valid.push_back(0);
}

Status ColumnBatch::EndRow() {
  ++rows_;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].valid.size() != rows_) {
      return Internal("column batch: column ", std::to_string(i), " has ",
                      std::to_string(columns_[i].valid.size()), " values in row ",
                      std::to_string(rows_));
    }
  }
  return Status::Ok();
}

void ColumnBatch::Clear() {
  for (Column& c : columns_) {
    c.i64.clear();
    c.i32.clear();
    c.str.clear();
    c.floats.clear();
    c.valid.clear();
  }
  rows_ = 0;
}

}  // namespace lakehouse
