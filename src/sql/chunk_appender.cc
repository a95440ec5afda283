#include "sql/chunk_appender.h"

#include <duckdb.h>

#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "sql/logical_type.h"

namespace lakehouse {
namespace {

using sql_detail::LogicalType;

bool Supported(duckdb_type id) {
  switch (id) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_INTERVAL:
    case DUCKDB_TYPE_UUID:
      return true;
    default:
      return false;
  }
}

__int128 Pow10(int n) {
  __int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

duckdb_hugeint ToHugeint(__int128 v) {
  const auto bits = static_cast<unsigned __int128>(v);
  return duckdb_hugeint{static_cast<uint64_t>(bits), static_cast<int64_t>(bits >> 64)};
}

uint64_t BigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

struct ChunkAppender::State {
  struct Column {
    LogicalType type{nullptr};
    duckdb_type id = DUCKDB_TYPE_INVALID;
    duckdb_type storage = DUCKDB_TYPE_INVALID;  // DECIMAL: its internal integer type
    uint8_t width = 0;                          // DECIMAL
    uint8_t scale = 0;
    duckdb_vector vector = nullptr;
    void* data = nullptr;
    uint64_t* validity = nullptr;  // null until a NULL is written into this chunk
  };

  Appender appender{nullptr};              // the destination, or
  std::shared_ptr<ChunkSink> sink;         // (a stream's writer) this one
  bool sink_closed = false;                // Close() reached the sink
  std::vector<duckdb_logical_type> types;  // the columns' types (owned by `columns`)
  duckdb_data_chunk chunk = nullptr;
  std::vector<Column> columns;
  size_t capacity = 0;
  size_t rows = 0;    // ended rows in the chunk
  size_t column = 0;  // the column the next value of the current row goes to

  ~State() {
    if (chunk != nullptr) duckdb_destroy_data_chunk(&chunk);
    if (sink != nullptr && !sink_closed) sink->Abandon();
  }

  // Takes the column types (from an appender or a stream) and makes the first chunk.
  Status Init(std::vector<LogicalType> column_types) {
    for (size_t i = 0; i < column_types.size(); ++i) {
      Column c;
      c.type = std::move(column_types[i]);
      c.id = c.type.id();
      if (!Supported(c.id)) {
        return InvalidArgument("column ", std::to_string(i + 1), " has type ",
                               sql_detail::TypeName(c.type.get()),
                               ", which the chunk appender does not load");
      }
      if (c.id == DUCKDB_TYPE_DECIMAL) {
        c.width = duckdb_decimal_width(c.type.get());
        c.scale = duckdb_decimal_scale(c.type.get());
        c.storage = duckdb_decimal_internal_type(c.type.get());
      }
      types.push_back(c.type.get());
      columns.push_back(std::move(c));
    }
    if (columns.empty()) return InvalidArgument("the table has no columns");
    chunk = duckdb_create_data_chunk(types.data(), types.size());
    if (chunk == nullptr) return Internal("cannot create a DuckDB data chunk");
    capacity = duckdb_vector_size();
    BindVectors();
    return Status::Ok();
  }

  void BindVectors() {
    for (size_t i = 0; i < columns.size(); ++i) {
      Column& c = columns[i];
      c.vector = duckdb_data_chunk_get_vector(chunk, i);
      c.data = duckdb_vector_get_data(c.vector);
      c.validity = nullptr;
    }
  }

  // The column the next value goes to, marked valid at the current row.
  Column& Next() {
    Column& c = columns[column];
    if (c.validity != nullptr) c.validity[rows / 64] |= uint64_t{1} << (rows % 64);
    return c;
  }

  template <typename T>
  Status Put(T value) {
    static_cast<T*>(Next().data)[rows] = value;
    ++column;
    return Status::Ok();
  }

  // Stores `value` into an integer column it fits; false when it does not.
  bool PutInteger(__int128 value) {
    Column& c = columns[column];
    auto fits = [&](auto lo, auto hi) { return value >= lo && value <= hi; };
    switch (c.id) {
      case DUCKDB_TYPE_TINYINT:
        if (!fits(-128, 127)) return false;
        static_cast<int8_t*>(Next().data)[rows] = static_cast<int8_t>(value);
        break;
      case DUCKDB_TYPE_SMALLINT:
        if (!fits(std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max())) {
          return false;
        }
        static_cast<int16_t*>(Next().data)[rows] = static_cast<int16_t>(value);
        break;
      case DUCKDB_TYPE_INTEGER:
        if (!fits(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max())) {
          return false;
        }
        static_cast<int32_t*>(Next().data)[rows] = static_cast<int32_t>(value);
        break;
      case DUCKDB_TYPE_BIGINT:
        if (!fits(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max())) {
          return false;
        }
        static_cast<int64_t*>(Next().data)[rows] = static_cast<int64_t>(value);
        break;
      case DUCKDB_TYPE_UTINYINT:
        if (!fits(0, 255)) return false;
        static_cast<uint8_t*>(Next().data)[rows] = static_cast<uint8_t>(value);
        break;
      case DUCKDB_TYPE_USMALLINT:
        if (!fits(0, 65535)) return false;
        static_cast<uint16_t*>(Next().data)[rows] = static_cast<uint16_t>(value);
        break;
      case DUCKDB_TYPE_UINTEGER:
        if (!fits(0, std::numeric_limits<uint32_t>::max())) return false;
        static_cast<uint32_t*>(Next().data)[rows] = static_cast<uint32_t>(value);
        break;
      case DUCKDB_TYPE_UBIGINT:
        if (!fits(0, std::numeric_limits<uint64_t>::max())) return false;
        static_cast<uint64_t*>(Next().data)[rows] = static_cast<uint64_t>(value);
        break;
      case DUCKDB_TYPE_HUGEINT:
        static_cast<duckdb_hugeint*>(Next().data)[rows] = ToHugeint(value);
        break;
      default:
        return false;
    }
    ++column;
    return true;
  }
};

ChunkAppender::ChunkAppender(std::unique_ptr<State> state) : state_(std::move(state)) {}
ChunkAppender::ChunkAppender(ChunkAppender&& other) noexcept = default;
ChunkAppender& ChunkAppender::operator=(ChunkAppender&& other) noexcept = default;
ChunkAppender::~ChunkAppender() {
  // Like Appender: what is buffered is written, errors ignored (Close() reports them). A stream's
  // writer that was not closed instead fails its stream (State's destructor).
  if (state_ != nullptr && state_->appender.appender_ != nullptr) (void)AppendChunk();
}

Result<ChunkAppender> ChunkAppender::Create(Appender appender) {
  if (appender.appender_ == nullptr) return FailedPrecondition("appender is closed");
  auto state = std::make_unique<State>();
  std::vector<LogicalType> types;
  const idx_t n = duckdb_appender_column_count(appender.appender_);
  for (idx_t i = 0; i < n; ++i) {
    types.emplace_back(duckdb_appender_column_type(appender.appender_, i));
  }
  LH_RETURN_IF_ERROR(state->Init(std::move(types)));
  state->appender = std::move(appender);
  return ChunkAppender(std::move(state));
}

Result<ChunkAppender> ChunkAppender::CreateForSink(Appender appender,
                                                   std::shared_ptr<ChunkSink> sink,
                                                   std::vector<duckdb_logical_type>* types) {
  if (appender.appender_ == nullptr) return FailedPrecondition("appender is closed");
  const idx_t n = duckdb_appender_column_count(appender.appender_);
  for (idx_t i = 0; i < n; ++i) {
    types->push_back(duckdb_appender_column_type(appender.appender_, i));
  }
  LH_ASSIGN_OR_RETURN(ChunkAppender writer, Create(std::move(appender)));
  LH_RETURN_IF_ERROR(writer.state_->appender.Close());  // nothing was appended
  writer.state_->appender = Appender(nullptr);
  writer.state_->sink = std::move(sink);
  return writer;
}

size_t ChunkAppender::column_count() const { return state_->columns.size(); }

Status ChunkAppender::Mismatch(std::string_view what) {
  State& s = *state_;
  if (s.column >= s.columns.size()) {
    s.column = 0;
    return Internal("row has more values than the table's ", std::to_string(s.columns.size()),
                    " columns");
  }
  const State::Column& c = s.columns[s.column];
  const std::string column = std::to_string(s.column + 1);
  s.column = 0;  // the row is discarded
  return InvalidArgument("column ", column, " (", sql_detail::TypeName(c.type.get()),
                         ") cannot hold ", what);
}

#define LH_NEXT_COLUMN_IS(condition, what)                                               \
  do {                                                                                   \
    if (state_->column >= state_->columns.size() || !(condition)) return Mismatch(what); \
  } while (0)
#define LH_COLUMN state_->columns[state_->column]

Status ChunkAppender::AppendNull() {
  State& s = *state_;
  if (s.column >= s.columns.size()) return Mismatch("a NULL");
  State::Column& c = s.columns[s.column];
  if (c.validity == nullptr) {
    duckdb_vector_ensure_validity_writable(c.vector);
    c.validity = duckdb_vector_get_validity(c.vector);
  }
  duckdb_validity_set_row_invalid(c.validity, s.rows);
  ++s.column;
  return Status::Ok();
}

Status ChunkAppender::AppendBool(bool value) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_BOOLEAN, "a boolean");
  return state_->Put<bool>(value);
}

Status ChunkAppender::AppendInt64(int64_t value) {
  if (state_->column < state_->columns.size() && state_->PutInteger(value)) return Status::Ok();
  return Mismatch("the integer " + std::to_string(value));
}

Status ChunkAppender::AppendUInt64(uint64_t value) {
  if (state_->column < state_->columns.size() && state_->PutInteger(value)) return Status::Ok();
  return Mismatch("the integer " + std::to_string(value));
}

Status ChunkAppender::AppendFloat(float value) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_FLOAT || LH_COLUMN.id == DUCKDB_TYPE_DOUBLE,
                    "a float");
  if (LH_COLUMN.id == DUCKDB_TYPE_DOUBLE) return state_->Put<double>(value);
  return state_->Put<float>(value);
}

Status ChunkAppender::AppendDouble(double value) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_DOUBLE, "a double");
  return state_->Put<double>(value);
}

Status ChunkAppender::AppendString(std::string_view value) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_VARCHAR, "a string");
  State& s = *state_;
  duckdb_vector_assign_string_element_len(s.Next().vector, s.rows, value.data(), value.size());
  ++s.column;
  return Status::Ok();
}

Status ChunkAppender::AppendBlob(std::string_view bytes) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_BLOB, "bytes");
  State& s = *state_;
  duckdb_vector_assign_string_element_len(s.Next().vector, s.rows, bytes.data(), bytes.size());
  ++s.column;
  return Status::Ok();
}

Status ChunkAppender::AppendDate(int32_t days_since_epoch) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_DATE, "a date");
  return state_->Put<int32_t>(days_since_epoch);
}

Status ChunkAppender::AppendTimestampMicros(int64_t micros_since_epoch) {
  LH_NEXT_COLUMN_IS(
      LH_COLUMN.id == DUCKDB_TYPE_TIMESTAMP || LH_COLUMN.id == DUCKDB_TYPE_TIMESTAMP_TZ,
      "a timestamp");
  return state_->Put<int64_t>(micros_since_epoch);
}

Status ChunkAppender::AppendTimeMicros(int64_t micros_since_midnight) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_TIME, "a time");
  return state_->Put<int64_t>(micros_since_midnight);
}

Status ChunkAppender::AppendInterval(int32_t months, int32_t days, int64_t micros) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_INTERVAL, "an interval");
  return state_->Put<duckdb_interval>(duckdb_interval{months, days, micros});
}

Status ChunkAppender::AppendDecimal(uint8_t width, uint8_t scale, __int128 unscaled) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_DECIMAL && LH_COLUMN.scale == scale,
                    "a DECIMAL(" + std::to_string(width) + "," + std::to_string(scale) + ")");
  const State::Column& c = LH_COLUMN;
  const __int128 limit = Pow10(c.width);
  if (unscaled <= -limit || unscaled >= limit) {
    return Mismatch("a value of " + std::to_string(width) + " digits");
  }
  switch (c.storage) {
    case DUCKDB_TYPE_SMALLINT:
      return state_->Put<int16_t>(static_cast<int16_t>(unscaled));
    case DUCKDB_TYPE_INTEGER:
      return state_->Put<int32_t>(static_cast<int32_t>(unscaled));
    case DUCKDB_TYPE_BIGINT:
      return state_->Put<int64_t>(static_cast<int64_t>(unscaled));
    default:
      return state_->Put<duckdb_hugeint>(ToHugeint(unscaled));
  }
}

Status ChunkAppender::AppendUuid(std::string_view bytes16) {
  LH_NEXT_COLUMN_IS(LH_COLUMN.id == DUCKDB_TYPE_UUID && bytes16.size() == 16, "a UUID");
  // DuckDB stores a UUID as a HUGEINT with the top bit flipped, so that signed order is the
  // UUID's byte order.
  const uint64_t upper = BigEndian64(bytes16.data()) ^ (uint64_t{1} << 63);
  return state_->Put<duckdb_hugeint>(
      duckdb_hugeint{BigEndian64(bytes16.data() + 8), static_cast<int64_t>(upper)});
}

#undef LH_COLUMN
#undef LH_NEXT_COLUMN_IS

Status ChunkAppender::EndRow() {
  State& s = *state_;
  if (s.column != s.columns.size()) {
    const size_t given = s.column;
    s.column = 0;
    return Internal("row has ", std::to_string(given), " values, the table ",
                    std::to_string(s.columns.size()), " columns");
  }
  s.column = 0;
  if (++s.rows == s.capacity) return AppendChunk();
  return Status::Ok();
}

Status ChunkAppender::AppendChunk() {
  State& s = *state_;
  if (s.rows == 0) return Status::Ok();
  if (s.sink != nullptr) {
    if (s.sink_closed) return FailedPrecondition("the stream's writer is closed");
    duckdb_data_chunk_set_size(s.chunk, s.rows);
    duckdb_data_chunk full = s.chunk;
    s.chunk = duckdb_create_data_chunk(s.types.data(), s.types.size());
    s.rows = 0;
    s.column = 0;
    if (s.chunk == nullptr) {
      duckdb_destroy_data_chunk(&full);
      return Internal("cannot create a DuckDB data chunk");
    }
    s.BindVectors();
    return s.sink->Take(full);
  }
  if (s.appender.appender_ == nullptr) return FailedPrecondition("appender is closed");
  duckdb_data_chunk_set_size(s.chunk, s.rows);
  const duckdb_state appended = duckdb_append_data_chunk(s.appender.appender_, s.chunk);
  duckdb_data_chunk_reset(s.chunk);
  s.rows = 0;
  s.column = 0;
  s.BindVectors();
  return s.appender.Check(appended, "append chunk");
}

Status ChunkAppender::Flush() {
  LH_RETURN_IF_ERROR(AppendChunk());
  if (state_->sink != nullptr) return Status::Ok();
  return state_->appender.Flush();
}

Status ChunkAppender::Close() {
  State& s = *state_;
  if (s.sink != nullptr) {
    if (s.sink_closed) return Status::Ok();
    Status appended = AppendChunk();
    if (!appended.ok()) return appended;  // the stream is abandoned (failed) at destruction
    s.sink_closed = true;
    return s.sink->Close();
  }
  LH_RETURN_IF_ERROR(AppendChunk());
  return s.appender.Close();
}

}  // namespace lakehouse
