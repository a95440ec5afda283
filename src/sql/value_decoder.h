// Internal to sql/: reads one value out of a DuckDB vector as JSON, by logical type. Includes
// duckdb.h, so only sql/*.cc may include this header.
//
// A decoder is built once per result column from its logical type (reading enum dictionaries,
// struct field names, decimal scales once) and then applied to every chunk's vector. Values come
// from the vector's data and validity mask directly, never from duckdb_value_varchar (which yields
// NULL for nested types). JSON renderings, per type:
//   NULL (validity bit clear)                  → null
//   BOOLEAN                                    → true / false
//   TINYINT..BIGINT, UTINYINT..UBIGINT          → number
//   HUGEINT, UHUGEINT                          → number when it fits 64 bits, else decimal string
//   FLOAT, DOUBLE                              → number; NaN and ±Infinity → null (JSON has none)
//   DECIMAL                                    → number via double (may round beyond ~15 digits)
//   VARCHAR                                    → string (invalid UTF-8 is replaced on output)
//   BLOB                                       → base64 string
//   BIT                                        → string of '0'/'1'
//   DATE, TIME, TIME_NS, TIME_TZ, TIMESTAMP*    → ISO-8601 string (see value_format.h);
//                                                infinite dates/timestamps → "infinity"/"-infinity"
//   INTERVAL                                   → ISO-8601 duration string
//   UUID                                       → canonical string
//   ENUM                                       → its label
//   LIST, ARRAY                                → array
//   STRUCT                                     → object keyed by field name (unnamed → "0","1",...)
//   MAP                                        → object when the key type is VARCHAR, otherwise an
//                                                array of {"key":..,"value":..}
//   UNION                                      → the value of its active member
//   anything else (BIGNUM, unknown)            → null
//
// Thread-safety: a built decoder is immutable; Decode is thread-safe for distinct vectors.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"

namespace lakehouse::sql_detail {

class ValueDecoder {
 public:
  explicit ValueDecoder(duckdb_logical_type type);

  // The value at `row` of `vector`, which must have this decoder's type.
  Json Decode(duckdb_vector vector, uint64_t row) const;
  // True when the value at `row` is SQL NULL.
  static bool IsNull(duckdb_vector vector, uint64_t row);

  const std::string& type_name() const { return type_name_; }
  duckdb_type type_id() const { return id_; }

 private:
  Json DecodeScalar(duckdb_vector vector, uint64_t row) const;
  Json DecodeNested(duckdb_vector vector, uint64_t row) const;
  Json DecodeMap(duckdb_vector vector, uint64_t row) const;

  duckdb_type id_;
  duckdb_type storage_ = DUCKDB_TYPE_INVALID;  // physical type of DECIMAL and ENUM
  uint8_t scale_ = 0;                          // DECIMAL scale
  uint64_t array_size_ = 0;                    // ARRAY size
  std::string type_name_;
  std::vector<std::string> names_;      // STRUCT fields, UNION members, ENUM labels
  std::vector<ValueDecoder> children_;  // LIST/ARRAY element, STRUCT/UNION members, MAP key+value
};

}  // namespace lakehouse::sql_detail
