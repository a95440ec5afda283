// DataChunk: one batch (up to DuckDB's vector size, 2048 rows) of a QueryResult, with typed and
// JSON access to its values. Values are read from DuckDB's vectors by logical type; the JSON
// rendering of every type is documented in sql/value_decoder.h (e.g. DATE → "2024-02-29",
// BLOB → base64, DECIMAL → number, NaN → null, LIST → array, STRUCT → object).
//
// Ownership: move-only; owns the duckdb_data_chunk and destroys it. A chunk must not outlive the
// QueryResult that produced it (string data may live in the result).
// Thread-safety: externally synchronised; const methods may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "common/json.h"
#include "sql/duckdb_fwd.h"

namespace lakehouse {

namespace sql_detail {
struct DecoderSet;
}  // namespace sql_detail

class DataChunk {
 public:
  // Used by QueryResult; takes ownership of `chunk`.
  DataChunk(_duckdb_data_chunk* chunk, std::shared_ptr<const sql_detail::DecoderSet> decoders);
  DataChunk(DataChunk&& other) noexcept;
  DataChunk& operator=(DataChunk&& other) noexcept;
  DataChunk(const DataChunk&) = delete;
  DataChunk& operator=(const DataChunk&) = delete;
  ~DataChunk();

  uint64_t size() const { return size_; }  // rows
  uint64_t column_count() const;

  // Preconditions for all accessors: col < column_count(), row < size().
  bool IsNull(uint64_t col, uint64_t row) const;
  // The value as JSON (null for SQL NULL).
  Json GetJson(uint64_t col, uint64_t row) const;
  // Integer value of an integer-typed column (or a HUGEINT that fits); nullopt for NULL, for
  // out-of-range values and for non-integer columns.
  std::optional<int64_t> GetInt64(uint64_t col, uint64_t row) const;
  // Any numeric column (integers, DECIMAL, FLOAT, DOUBLE); nullopt for NULL, NaN or non-numeric.
  std::optional<double> GetDouble(uint64_t col, uint64_t row) const;
  // VARCHAR as-is; other types in their JSON string rendering (dates, UUIDs, ...); nullopt for
  // NULL and for values whose JSON form is not a string.
  std::optional<std::string> GetString(uint64_t col, uint64_t row) const;
  // A FLOAT[n] (ARRAY) or FLOAT[] (LIST — what Parquet gives back for arrays) column's floats
  // for the row, without copying (valid while the chunk lives); an empty span for NULL and for
  // columns of any other type (CAST in SQL first).
  std::span<const float> GetFloatArray(uint64_t col, uint64_t row) const;

 private:
  _duckdb_data_chunk* chunk_ = nullptr;
  uint64_t size_ = 0;
  std::shared_ptr<const sql_detail::DecoderSet> decoders_;
};

}  // namespace lakehouse
