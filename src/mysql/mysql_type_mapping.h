// How MySQL / MariaDB result columns become DuckDB columns. Values arrive in the text protocol
// (mysql_use_result); one MysqlColumnMapping per column says how the pull selects it, how its
// text is decoded (mysql_value_decoder.h) and which type it is staged and published as.
//
//   MySQL / MariaDB                      DuckDB
//   TINYINT / SMALLINT / MEDIUMINT /     TINYINT / SMALLINT / INTEGER / INTEGER / BIGINT
//     INT / BIGINT                       (BOOL is TINYINT(1): TINYINT)
//   … UNSIGNED                           UTINYINT / USMALLINT / UINTEGER / UINTEGER / UBIGINT
//   DECIMAL(p,s), p ≤ 38                 DECIMAL(p,s) (the text converted exactly)
//   DECIMAL(p,s), p > 38                 VARCHAR holding the exact text, with a type note
//   FLOAT / DOUBLE                       FLOAT / DOUBLE (FLOAT selected as DOUBLE: MySQL prints
//                                        FLOAT with 6 digits, the DOUBLE text round-trips)
//   BIT(1) / BIT(n > 1)                  BOOLEAN / UBIGINT (the bits as an unsigned number)
//   YEAR                                 SMALLINT (0000 → NULL, counted as a zero date)
//   DATE                                 DATE
//   DATETIME(fsp)                        TIMESTAMP (no time zone, as stored)
//   TIMESTAMP(fsp)                       TIMESTAMPTZ (the session runs in UTC)
//   TIME(fsp)                            INTERVAL (MySQL TIME spans up to 838:59:59; a negative
//                                        TIME is INVALID_ARGUMENT: Parquet has no negative
//                                        intervals — select TIME_TO_SEC(col) for those)
//   CHAR / VARCHAR / TEXT, ENUM, SET     VARCHAR (UTF-8; SET as its comma-separated text)
//   JSON                                 VARCHAR holding the JSON text
//   BINARY / VARBINARY / BLOB, GEOMETRY  BLOB (GEOMETRY as MySQL's internal SRID + WKB bytes)
//   anything else                        VARCHAR (the server's text form)
// Zero and invalid dates (0000-00-00, a zero month or day) cannot be represented: NULL, counted.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "mysql/mysql_connection.h"

namespace lakehouse {

enum class MysqlValueKind {
  kInt,    // signed integers → AppendInt64
  kUInt,   // unsigned integers → AppendUInt64
  kFloat,  // selected as DOUBLE, appended as float
  kDouble,
  kDecimal,      // text → unscaled __int128 → DECIMAL(p,s)
  kDecimalText,  // text kept as VARCHAR
  kText,
  kBlob,
  kBool,  // BIT(1)
  kBits,  // BIT(n), big-endian bytes
  kYear,
  kDate,
  kDateTime,
  kTimestamp,
  kTime,
};

struct MysqlColumnMapping {
  std::string name;
  MysqlValueKind kind = MysqlValueKind::kText;
  std::string source_type;  // "DECIMAL(50,10)", "BIGINT UNSIGNED", … for notes and errors
  std::string duckdb_type;  // staged and published type
  int32_t decimal_width = 0;
  int32_t decimal_scale = 0;
  // What the pull selects for this column given its quoted name: `quoted` or a cast of it.
  std::string Select(const std::string& quoted) const;
  // Why the published type is not the source's exact type ("" when it is).
  std::string note;
  // Usable as an incremental column (compared with > and max()): not BLOB, BIT or JSON.
  bool orderable = true;
  // High-water marks of this column are numbers, written into SQL unquoted (a quoted number
  // would be compared as a DOUBLE, losing BIGINT UNSIGNED and DECIMAL digits).
  bool numeric = false;
};

MysqlColumnMapping MapMysqlColumn(const MysqlField& field);

}  // namespace lakehouse
