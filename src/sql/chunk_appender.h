// ChunkAppender: fast loading of many typed rows into one table. Values are written straight into
// a DuckDB data chunk of the table's column types (one store per value) and the chunk is handed
// to the appender whole, every 2048 rows (duckdb_append_data_chunk). Appender's row calls instead
// cost a type-dispatched DuckDB append per value (and a heap-allocated duckdb_value per DECIMAL);
// database pulls (ingest/db_stager.h) measured 0.17× the bare client loop that way.
//
//   LH_ASSIGN_OR_RETURN(Appender app, conn.CreateAppender("events"));
//   LH_ASSIGN_OR_RETURN(ChunkAppender rows, ChunkAppender::Create(std::move(app)));
//   LH_RETURN_IF_ERROR(rows.AppendInt64(id));  … one call per column, then
//   LH_RETURN_IF_ERROR(rows.EndRow());
//   LH_RETURN_IF_ERROR(rows.Close());
//
// Values are never cast: each must fit its column's type, else INVALID_ARGUMENT naming the
// column (an Appender would let DuckDB cast, e.g. round a string into a DECIMAL):
//   AppendInt32/Int64/UInt64  any integer column the value fits (TINYINT … UBIGINT, HUGEINT)
//   AppendFloat               FLOAT or DOUBLE (widening is exact); AppendDouble  DOUBLE
//   AppendBool  BOOLEAN;  AppendString  VARCHAR;  AppendBlob  BLOB (or VARCHAR)
//   AppendDate  DATE;  AppendTimestampMicros  TIMESTAMP / TIMESTAMPTZ;  AppendTimeMicros  TIME
//   AppendInterval  INTERVAL;  AppendUuid (16 bytes, RFC 4122 order)  UUID
//   AppendDecimal(width, scale, unscaled)  DECIMAL of the same scale whose width holds it
// Supported column types are the ones above; Create() refuses a table with any other.
//
// After a failed append the row being built is discarded (the next append starts a new row);
// rows already ended are kept. Flush() hands the buffered rows to DuckDB; Close() flushes and
// closes the appender (call it to learn whether the data arrived).
//
// A ChunkAppender can also feed a DuckDB statement on another thread instead of a table
// (sql/chunk_stream.h): full chunks are then handed over whole, and Close() ends the data.
//
// Ownership: move-only; owns its Appender and chunk. Must not outlive the Connection.
// Thread-safety: externally synchronised (and occupies its connection while appending).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/appender.h"

struct _duckdb_logical_type;  // DuckDB's, like those of sql/duckdb_fwd.h

namespace lakehouse {

// Where a ChunkAppender made by ChunkStream hands its chunks. Internal to sql/.
class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  // Takes ownership of `chunk` (at least one row) whatever the outcome.
  virtual Status Take(_duckdb_data_chunk* chunk) = 0;
  // The end of the data.
  virtual Status Close() = 0;
  // The writer went away without Close(): the data is incomplete.
  virtual void Abandon() = 0;
};

class ChunkAppender {
 public:
  static Result<ChunkAppender> Create(Appender appender);
  ChunkAppender(ChunkAppender&& other) noexcept;
  ChunkAppender& operator=(ChunkAppender&& other) noexcept;
  ChunkAppender(const ChunkAppender&) = delete;
  ChunkAppender& operator=(const ChunkAppender&) = delete;
  ~ChunkAppender();

  size_t column_count() const;

  Status AppendNull();
  Status AppendBool(bool value);
  Status AppendInt32(int32_t value) { return AppendInt64(value); }
  Status AppendInt64(int64_t value);
  Status AppendUInt64(uint64_t value);
  Status AppendFloat(float value);
  Status AppendDouble(double value);
  Status AppendString(std::string_view value);
  Status AppendBlob(std::string_view bytes);
  Status AppendDate(int32_t days_since_epoch);
  Status AppendTimestampMicros(int64_t micros_since_epoch);
  Status AppendTimeMicros(int64_t micros_since_midnight);
  Status AppendInterval(int32_t months, int32_t days, int64_t micros);
  Status AppendDecimal(uint8_t width, uint8_t scale, __int128 unscaled);
  Status AppendUuid(std::string_view bytes16);

  // INTERNAL when the row does not have exactly one value per column.
  Status EndRow();
  Status Flush();
  Status Close();

 private:
  friend class ChunkStream;
  struct State;
  explicit ChunkAppender(std::unique_ptr<State> state);
  // For ChunkStream: a writer with `appender`'s column types (the appender is then closed)
  // whose chunks go to `sink`; `types` receives owned copies of the column types.
  static Result<ChunkAppender> CreateForSink(Appender appender, std::shared_ptr<ChunkSink> sink,
                                             std::vector<_duckdb_logical_type*>* types);
  // The column the next value goes to, checked against `accepts`; INVALID_ARGUMENT naming it.
  Status Mismatch(std::string_view what);
  Status AppendChunk();

  std::unique_ptr<State> state_;
};

}  // namespace lakehouse
