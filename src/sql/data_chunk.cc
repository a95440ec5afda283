#include "sql/data_chunk.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

#include "sql/query_result_rep.h"

namespace lakehouse {
namespace {

bool IsIntegerType(duckdb_type id) {
  switch (id) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
      return true;
    default:
      return false;
  }
}

}  // namespace

DataChunk::DataChunk(_duckdb_data_chunk* chunk,
                     std::shared_ptr<const sql_detail::DecoderSet> decoders)
    : chunk_(chunk), size_(duckdb_data_chunk_get_size(chunk)), decoders_(std::move(decoders)) {}

DataChunk::DataChunk(DataChunk&& other) noexcept
    : chunk_(std::exchange(other.chunk_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      decoders_(std::move(other.decoders_)) {}

DataChunk& DataChunk::operator=(DataChunk&& other) noexcept {
  if (this != &other) {
    if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
    chunk_ = std::exchange(other.chunk_, nullptr);
    size_ = std::exchange(other.size_, 0);
    decoders_ = std::move(other.decoders_);
  }
  return *this;
}

DataChunk::~DataChunk() {
  if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
}

uint64_t DataChunk::column_count() const {
  return chunk_ == nullptr ? 0 : duckdb_data_chunk_get_column_count(chunk_);
}

bool DataChunk::IsNull(uint64_t col, uint64_t row) const {
  assert(col < column_count() && row < size_);
  return sql_detail::ValueDecoder::IsNull(duckdb_data_chunk_get_vector(chunk_, col), row);
}

Json DataChunk::GetJson(uint64_t col, uint64_t row) const {
  assert(col < column_count() && row < size_);
  return decoders_->columns[col].Decode(duckdb_data_chunk_get_vector(chunk_, col), row);
}

std::optional<int64_t> DataChunk::GetInt64(uint64_t col, uint64_t row) const {
  if (!IsIntegerType(decoders_->columns[col].type_id())) return std::nullopt;
  Json value = GetJson(col, row);
  if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<int64_t>();
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(value.get<uint64_t>());
  }
  return std::nullopt;
}

std::optional<double> DataChunk::GetDouble(uint64_t col, uint64_t row) const {
  Json value = GetJson(col, row);
  if (value.is_number()) return value.get<double>();
  if (value.is_string() && IsIntegerType(decoders_->columns[col].type_id())) {
    return std::strtod(value.get_ref<const std::string&>().c_str(), nullptr);  // huge integers
  }
  return std::nullopt;
}

std::optional<std::string> DataChunk::GetString(uint64_t col, uint64_t row) const {
  Json value = GetJson(col, row);
  if (!value.is_string()) return std::nullopt;
  return std::move(value.get_ref<std::string&>());
}

std::span<const float> DataChunk::GetFloatArray(uint64_t col, uint64_t row) const {
  duckdb_vector vector = duckdb_data_chunk_get_vector(chunk_, col);
  if (sql_detail::ValueDecoder::IsNull(vector, row)) return {};
  duckdb_logical_type type = duckdb_vector_get_column_type(vector);
  std::span<const float> out;
  if (duckdb_get_type_id(type) == DUCKDB_TYPE_ARRAY) {
    duckdb_logical_type child = duckdb_array_type_child_type(type);
    if (duckdb_get_type_id(child) == DUCKDB_TYPE_FLOAT) {
      size_t width = duckdb_array_type_array_size(type);
      const float* data =
          static_cast<const float*>(duckdb_vector_get_data(duckdb_array_vector_get_child(vector)));
      out = std::span<const float>(data + row * width, width);
    }
    duckdb_destroy_logical_type(&child);
  } else if (duckdb_get_type_id(type) == DUCKDB_TYPE_LIST) {
    duckdb_logical_type child = duckdb_list_type_child_type(type);
    if (duckdb_get_type_id(child) == DUCKDB_TYPE_FLOAT) {
      const auto* entries = static_cast<const duckdb_list_entry*>(duckdb_vector_get_data(vector));
      const float* data =
          static_cast<const float*>(duckdb_vector_get_data(duckdb_list_vector_get_child(vector)));
      out = std::span<const float>(data + entries[row].offset, entries[row].length);
    }
    duckdb_destroy_logical_type(&child);
  }
  duckdb_destroy_logical_type(&type);
  return out;
}

}  // namespace lakehouse
