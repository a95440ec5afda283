// Appender: fast row-by-row loading into one table (a duckdb_appender). Each row is a sequence of
// Append* calls, one per column in table order, followed by EndRow(). Rows are buffered and written
// in batches; Flush() writes the buffer, Close() writes it and ends the appender.
//
//   LH_ASSIGN_OR_RETURN(Appender app, conn.CreateAppender("events"));
//   for (...) {
//     LH_RETURN_IF_ERROR(app.AppendInt64(id));
//     LH_RETURN_IF_ERROR(app.AppendString(name));
//     LH_RETURN_IF_ERROR(app.EndRow());
//   }
//   LH_RETURN_IF_ERROR(app.Close());
//
// Errors (wrong column count, failed cast, constraint violation at flush) carry DuckDB's message.
// After a failed Flush/Close the buffered rows are discarded; start a new appender to retry.
//
// Ownership: move-only; destruction flushes what is still buffered and ignores any error, so call
// Close() to learn whether the data arrived. Must not outlive its Connection.
// Thread-safety: externally synchronised (and occupies its connection while appending).
#pragma once

#include <cstdint>
#include <string_view>

#include "common/json.h"
#include "common/status.h"
#include "sql/duckdb_fwd.h"

namespace lakehouse {

class ColumnBatch;

class Appender {
 public:
  explicit Appender(_duckdb_appender* appender) : appender_(appender) {}  // takes ownership
  Appender(Appender&& other) noexcept;
  Appender& operator=(Appender&& other) noexcept;
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  ~Appender();

  uint64_t column_count() const;

  Status AppendNull();
  Status AppendBool(bool value);
  Status AppendInt32(int32_t value);
  Status AppendInt64(int64_t value);
  Status AppendUInt64(uint64_t value);
  Status AppendFloat(float value);
  Status AppendDouble(double value);
  Status AppendString(std::string_view value);  // VARCHAR (or cast by DuckDB to the column type)
  Status AppendBlob(std::string_view bytes);
  Status AppendDate(int32_t days_since_epoch);
  // Also appends to a TIMESTAMPTZ column (the value is the UTC instant).
  Status AppendTimestampMicros(int64_t micros_since_epoch);
  Status AppendTimeMicros(int64_t micros_since_midnight);
  Status AppendInterval(int32_t months, int32_t days, int64_t micros);
  // A DECIMAL(width, scale) value given as its unscaled integer (12.34 at scale 2 is 1234), into a
  // column of that type; width 1..38, |unscaled| < 10^width.
  Status AppendDecimal(uint8_t width, uint8_t scale, __int128 unscaled);
  // null/boolean/integer/float/string as the typed appends above; arrays/objects →
  // INVALID_ARGUMENT.
  Status AppendJson(const Json& value);

  Status EndRow();
  // Appends every row of `batch` in whole data chunks (see column_batch.h). The batch's columns
  // must match the table's in order and type (BIGINT, INTEGER, VARCHAR, FLOAT[n]).
  Status AppendBatch(const ColumnBatch& batch);
  Status Flush();
  Status Close();

 private:
  friend class Connection;
  friend class ChunkAppender;  // appends whole data chunks through this appender
  // The appender's current error as a Status (INTERNAL with `fallback` if DuckDB reports none).
  Status LastError(std::string_view fallback) const;
  Status Check(int state, std::string_view what) const;

  _duckdb_appender* appender_ = nullptr;
};

}  // namespace lakehouse
