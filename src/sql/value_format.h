// Internal to sql/: text renderings of SQL values that JSON has no native type for. Pure functions
// over plain integers (no DuckDB types), so they are unit-tested directly.
//
// Conventions (ISO-8601 where one exists):
//   date        "2024-02-29"; years outside 0000..9999 are signed ("-0044-03-15", "+12345-01-01"),
//               astronomical numbering (year 0 = 1 BC)
//   time        "13:45:07" or "13:45:07.25" (fraction only when non-zero, trailing zeros trimmed)
//   timestamp   "2024-02-29T13:45:07.123456"; with utc=true a "Z" suffix (TIMESTAMP WITH TIME ZONE
//               is stored as UTC and rendered in UTC, regardless of DuckDB's TimeZone setting)
//   time tz     "13:45:07+05:30"
//   interval    ISO-8601 duration "P1Y2M3DT4H5M6.5S"; "PT0S" for zero; negative parts keep their
//               sign ("P-1D")
//   uuid        canonical lower-case 8-4-4-4-12
//   huge ints   decimal digits
//   blob        standard base64 with padding
//
// Thread-safety: pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base64.h"

namespace lakehouse::sql_detail {

std::string FormatIsoDate(int32_t days_since_epoch);
// `value` counts units of 1/units_per_second seconds since midnight (units: 1, 1e3, 1e6 or 1e9).
std::string FormatIsoTime(int64_t value, int64_t units_per_second);
// `value` counts units of 1/units_per_second seconds since 1970-01-01T00:00:00.
std::string FormatIsoTimestamp(int64_t value, int64_t units_per_second, bool utc);
std::string FormatIsoTimeTz(int64_t micros, int32_t offset_seconds);
std::string FormatIsoInterval(int32_t months, int32_t days, int64_t micros);
// DuckDB stores a UUID as a HUGEINT whose top bit is flipped; pass the stored halves.
std::string FormatUuid(int64_t stored_upper, uint64_t lower);
std::string Int128ToString(__int128 value);
std::string UInt128ToString(unsigned __int128 value);
using ::lakehouse::Base64Encode;  // BLOB values (common/base64.h)

}  // namespace lakehouse::sql_detail
