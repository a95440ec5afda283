#include "sql/appender.h"

#include <duckdb.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sql/column_batch.h"
#include "sql/duckdb_status.h"

namespace lakehouse {

Appender::Appender(Appender&& other) noexcept
    : appender_(std::exchange(other.appender_, nullptr)) {}

Appender& Appender::operator=(Appender&& other) noexcept {
  if (this != &other) {
    if (appender_ != nullptr) duckdb_appender_destroy(&appender_);
    appender_ = std::exchange(other.appender_, nullptr);
  }
  return *this;
}

Appender::~Appender() {
  if (appender_ != nullptr) duckdb_appender_destroy(&appender_);
}

uint64_t Appender::column_count() const {
  return appender_ == nullptr ? 0 : duckdb_appender_column_count(appender_);
}

Status Appender::LastError(std::string_view fallback) const {
  if (appender_ == nullptr) return Internal(fallback);
  return sql_detail::StatusFromErrorData(duckdb_appender_error_data(appender_), fallback);
}

Status Appender::Check(int state, std::string_view what) const {
  if (state == DuckDBSuccess) return Status::Ok();
  return LastError(std::string("appender ") + std::string(what) + " failed");
}

#define LH_APPENDER_CALL(call, what)                                           \
  do {                                                                         \
    if (appender_ == nullptr) return FailedPrecondition("appender is closed"); \
    return Check(call, what);                                                  \
  } while (0)

Status Appender::AppendNull() { LH_APPENDER_CALL(duckdb_append_null(appender_), "append null"); }
Status Appender::AppendBool(bool value) {
  LH_APPENDER_CALL(duckdb_append_bool(appender_, value), "append bool");
}
Status Appender::AppendInt32(int32_t value) {
  LH_APPENDER_CALL(duckdb_append_int32(appender_, value), "append int32");
}
Status Appender::AppendInt64(int64_t value) {
  LH_APPENDER_CALL(duckdb_append_int64(appender_, value), "append int64");
}
Status Appender::AppendUInt64(uint64_t value) {
  LH_APPENDER_CALL(duckdb_append_uint64(appender_, value), "append uint64");
}
Status Appender::AppendFloat(float value) {
  LH_APPENDER_CALL(duckdb_append_float(appender_, value), "append float");
}
Status Appender::AppendDouble(double value) {
  LH_APPENDER_CALL(duckdb_append_double(appender_, value), "append double");
}
Status Appender::AppendString(std::string_view value) {
  LH_APPENDER_CALL(duckdb_append_varchar_length(appender_, value.data(), value.size()),
                   "append string");
}
Status Appender::AppendBlob(std::string_view bytes) {
  LH_APPENDER_CALL(duckdb_append_blob(appender_, bytes.data(), bytes.size()), "append blob");
}
Status Appender::AppendDate(int32_t days_since_epoch) {
  LH_APPENDER_CALL(duckdb_append_date(appender_, duckdb_date{days_since_epoch}), "append date");
}
Status Appender::AppendTimestampMicros(int64_t micros_since_epoch) {
  LH_APPENDER_CALL(duckdb_append_timestamp(appender_, duckdb_timestamp{micros_since_epoch}),
                   "append timestamp");
}
Status Appender::AppendTimeMicros(int64_t micros_since_midnight) {
  LH_APPENDER_CALL(duckdb_append_time(appender_, duckdb_time{micros_since_midnight}),
                   "append time");
}
Status Appender::AppendInterval(int32_t months, int32_t days, int64_t micros) {
  LH_APPENDER_CALL(duckdb_append_interval(appender_, duckdb_interval{months, days, micros}),
                   "append interval");
}
Status Appender::AppendDecimal(uint8_t width, uint8_t scale, __int128 unscaled) {
  if (appender_ == nullptr) return FailedPrecondition("appender is closed");
  const auto bits = static_cast<unsigned __int128>(unscaled);
  duckdb_decimal decimal{
      width, scale, duckdb_hugeint{static_cast<uint64_t>(bits), static_cast<int64_t>(bits >> 64)}};
  duckdb_value value = duckdb_create_decimal(decimal);
  if (value == nullptr)
    return InvalidArgument("invalid DECIMAL(", std::to_string(width), ",", std::to_string(scale),
                           ") value");
  const duckdb_state state = duckdb_append_value(appender_, value);
  duckdb_destroy_value(&value);
  return Check(state, "append decimal");
}
Status Appender::EndRow() { LH_APPENDER_CALL(duckdb_appender_end_row(appender_), "end row"); }
Status Appender::Flush() { LH_APPENDER_CALL(duckdb_appender_flush(appender_), "flush"); }
Status Appender::Close() { LH_APPENDER_CALL(duckdb_appender_close(appender_), "close"); }

#undef LH_APPENDER_CALL

Status Appender::AppendJson(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return AppendNull();
    case Json::value_t::boolean:
      return AppendBool(value.get<bool>());
    case Json::value_t::number_integer:
      return AppendInt64(value.get<int64_t>());
    case Json::value_t::number_unsigned: {
      uint64_t v = value.get<uint64_t>();
      if (v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return AppendInt64(static_cast<int64_t>(v));
      }
      return AppendUInt64(v);
    }
    case Json::value_t::number_float:
      return AppendDouble(value.get<double>());
    case Json::value_t::string:
      return AppendString(value.get_ref<const std::string&>());
    default:
      return InvalidArgument("cannot append a JSON ", value.type_name(), " value");
  }
}

namespace {

// Owns the logical types and the data chunk of one AppendBatch call.
class ChunkTypes {
 public:
  explicit ChunkTypes(const ColumnBatch& batch) {
    for (const ColumnBatch::Column& column : batch.columns()) {
      switch (column.spec.kind) {
        case ColumnBatch::kInt64:
          types_.push_back(duckdb_create_logical_type(DUCKDB_TYPE_BIGINT));
          break;
        case ColumnBatch::kInt32:
          types_.push_back(duckdb_create_logical_type(DUCKDB_TYPE_INTEGER));
          break;
        case ColumnBatch::kVarchar:
          types_.push_back(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
          break;
        case ColumnBatch::kFloatArray: {
          duckdb_logical_type child = duckdb_create_logical_type(DUCKDB_TYPE_FLOAT);
          types_.push_back(duckdb_create_array_type(child, column.spec.array_size));
          duckdb_destroy_logical_type(&child);
          break;
        }
      }
    }
    chunk_ = duckdb_create_data_chunk(types_.data(), types_.size());
  }
  ~ChunkTypes() {
    if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
    for (duckdb_logical_type& type : types_) duckdb_destroy_logical_type(&type);
  }
  ChunkTypes(const ChunkTypes&) = delete;
  ChunkTypes& operator=(const ChunkTypes&) = delete;
  duckdb_data_chunk chunk() { return chunk_; }

 private:
  std::vector<duckdb_logical_type> types_;
  duckdb_data_chunk chunk_ = nullptr;
};

void FillColumn(const ColumnBatch::Column& column, duckdb_vector vector, size_t begin, size_t n) {
  bool any_null = false;
  for (size_t i = 0; i < n; ++i) any_null |= column.valid[begin + i] == 0;
  if (any_null) {
    duckdb_vector_ensure_validity_writable(vector);
    uint64_t* validity = duckdb_vector_get_validity(vector);
    for (size_t i = 0; i < n; ++i) {
      if (column.valid[begin + i] == 0) duckdb_validity_set_row_invalid(validity, i);
    }
  }
  switch (column.spec.kind) {
    case ColumnBatch::kInt64:
      std::memcpy(duckdb_vector_get_data(vector), column.i64.data() + begin, n * sizeof(int64_t));
      break;
    case ColumnBatch::kInt32:
      std::memcpy(duckdb_vector_get_data(vector), column.i32.data() + begin, n * sizeof(int32_t));
      break;
    case ColumnBatch::kVarchar:
      for (size_t i = 0; i < n; ++i) {
        const std::string& s = column.str[begin + i];
        duckdb_vector_assign_string_element_len(vector, i, s.data(), s.size());
      }
      break;
    case ColumnBatch::kFloatArray: {
      duckdb_vector child = duckdb_array_vector_get_child(vector);
      size_t width = static_cast<size_t>(column.spec.array_size);
      std::memcpy(duckdb_vector_get_data(child), column.floats.data() + begin * width,
                  n * width * sizeof(float));
      break;
    }
  }
}

}  // namespace

Status Appender::AppendBatch(const ColumnBatch& batch) {
  if (appender_ == nullptr) return FailedPrecondition("appender is closed");
  if (batch.rows() == 0) return Status::Ok();
  if (batch.columns().size() != column_count()) {
    return InvalidArgument("batch has ", std::to_string(batch.columns().size()),
                           " columns, the table ", std::to_string(column_count()));
  }
  const size_t capacity = duckdb_vector_size();
  for (size_t begin = 0; begin < batch.rows(); begin += capacity) {
    size_t n = std::min(capacity, batch.rows() - begin);
    ChunkTypes holder(batch);
    if (holder.chunk() == nullptr) return Internal("cannot create a DuckDB data chunk");
    for (size_t c = 0; c < batch.columns().size(); ++c) {
      FillColumn(batch.columns()[c], duckdb_data_chunk_get_vector(holder.chunk(), c), begin, n);
    }
    duckdb_data_chunk_set_size(holder.chunk(), n);
    LH_RETURN_IF_ERROR(Check(duckdb_append_data_chunk(appender_, holder.chunk()), "append chunk"));
  }
  return Status::Ok();
}

}  // namespace lakehouse
