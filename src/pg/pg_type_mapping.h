// How PostgreSQL columns become DuckDB columns. One PgColumnMapping per result column says how
// the COPY query selects it, how its binary value is decoded and which type it is staged and
// published as.
//
//   PostgreSQL                           DuckDB
//   smallint / integer / bigint          SMALLINT / INTEGER / BIGINT
//   numeric(p,s), 1 ≤ p ≤ 38, 0 ≤ s ≤ p  DECIMAL(p,s) (exact)
//   numeric without typmod, p > 38 or    DOUBLE (nearest double; NaN and ±Infinity kept). Pull with
//     a negative / oversized scale         a query and `::text` when every digit matters.
//   real / double precision              FLOAT / DOUBLE
//   text, varchar, char(n), name         VARCHAR (char(n) keeps its padding)
//   boolean                              BOOLEAN
//   date / time / timestamp              DATE / TIME / TIMESTAMP (±infinity kept)
//   timestamptz                          TIMESTAMPTZ (the UTC instant)
//   interval                             INTERVAL (months, days, microseconds)
//   uuid                                 UUID
//   json / jsonb                         VARCHAR holding the JSON text (jsonb as PostgreSQL prints
//   it) bytea                                BLOB arrays of bool, ints, floats, text,  LISTs of the
//   element type (multi-dimensional arrays are
//     uuid, date, timestamp(tz)            flattened); numeric[] → DOUBLE[]; other arrays →
//     VARCHAR[]
//   anything else                        VARCHAR (the value's text form, cast on the server)
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakehouse {

// How one binary COPY value is decoded.
enum class PgValueKind {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kDecimal,        // numeric → text → DECIMAL(p,s)
  kNumericDouble,  // numeric → DOUBLE
  kText,           // text, varchar, bpchar, name, json, anything cast to text
  kJsonb,          // version byte + text
  kBytea,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kUuid,
  kArray,  // staged as JSON text, published as a LIST of element_kind
};

struct PgColumnMapping {
  std::string name;
  uint32_t oid = 0;
  int32_t typmod = -1;
  PgValueKind kind = PgValueKind::kText;
  PgValueKind element_kind = PgValueKind::kText;  // kArray only
  // What the COPY query selects for this column, given its quoted name: the name, or a cast to
  // text / text[] / float8[] for types decoded through another type.
  std::string select_cast;  // "", "::text", "::text[]" or "::float8[]"
  std::string staged_type;  // the scratch table's column type (arrays: VARCHAR holding JSON)
  std::string duckdb_type;  // the published type
  // kDecimal: the DECIMAL's width and scale (appended as unscaled integers).
  int32_t decimal_width = 0;
  int32_t decimal_scale = 0;
};

// The mapping of a result column of type `oid` with modifier `typmod`.
PgColumnMapping MapPgColumn(std::string name, uint32_t oid, int32_t typmod);

}  // namespace lakehouse
