// Decoding of MySQL / MariaDB text-protocol values (mysql_use_result rows) into DuckDB appender
// values (sql/chunk_appender.h), per mysql_type_mapping.h. Every conversion is exact or refused: a
// value that does not parse as its column's type is DATA_LOSS naming the column — never a silent
// NULL — except the zero and invalid dates MySQL can store (0000-00-00, a zero month or day, YEAR
// 0000), which are NULL and counted, and a negative TIME, which is INVALID_ARGUMENT (Parquet
// intervals are non-negative).
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "mysql/mysql_type_mapping.h"
#include "sql/chunk_appender.h"

namespace lakehouse {

// One non-NULL value of `column` appended to the current row; `zero_dates` counts the values
// appended as NULL because they were zero or invalid dates.
Status AppendMysqlValue(const MysqlColumnMapping& column, std::string_view text,
                        ChunkAppender& appender, int64_t* zero_dates);

// "-123.4500" at `scale` 4 → -1234500; nullopt when malformed, when it has more fractional digits
// than `scale` or more than 38 digits in all.
std::optional<__int128> ParseMysqlDecimal(std::string_view text, int scale);

// A parsed date or date-time: `zero` when MySQL's zero or an invalid date (NULL in DuckDB).
struct MysqlDateValue {
  bool zero = false;
  int32_t days = 0;    // since 1970-01-01
  int64_t micros = 0;  // since 1970-01-01 00:00:00 (date-times)
};
// "YYYY-MM-DD"; nullopt when malformed.
std::optional<MysqlDateValue> ParseMysqlDate(std::string_view text);
// "YYYY-MM-DD HH:MM:SS[.ffffff]"; nullopt when malformed.
std::optional<MysqlDateValue> ParseMysqlDateTime(std::string_view text);
// "[-]HHH:MM:SS[.ffffff]" → signed microseconds; nullopt when malformed.
std::optional<int64_t> ParseMysqlTime(std::string_view text);

}  // namespace lakehouse
