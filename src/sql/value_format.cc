#include "sql/value_format.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace lakehouse::sql_detail {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Howard Hinnant's civil_from_days: proleptic Gregorian calendar, valid for the whole int range.
void CivilFromDays(int64_t z, int64_t& year, unsigned& month, unsigned& day) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

std::string DateFromDays(int64_t days) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, year, month, day);
  char buf[48];
  if (year >= 0 && year <= 9999) {
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
  } else {
    std::snprintf(buf, sizeof(buf), "%c%04lld-%02u-%02u", year < 0 ? '-' : '+',
                  static_cast<long long>(std::llabs(year)), month, day);
  }
  return buf;
}

// ".5", ".123456" or "" for a fraction of `units_per_second`.
std::string Fraction(int64_t fraction, int64_t units_per_second) {
  if (fraction == 0 || units_per_second <= 1) return "";
  int digits = 0;
  for (int64_t u = units_per_second; u > 1; u /= 10) ++digits;
  char buf[32];
  std::snprintf(buf, sizeof(buf), ".%0*lld", digits, static_cast<long long>(fraction));
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  return out;
}

std::string TimeOfDay(int64_t value, int64_t units_per_second) {
  int64_t seconds = FloorDiv(value, units_per_second);
  int64_t fraction = value - seconds * units_per_second;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return buf + Fraction(fraction, units_per_second);
}

}  // namespace

std::string FormatIsoDate(int32_t days_since_epoch) { return DateFromDays(days_since_epoch); }

std::string FormatIsoTime(int64_t value, int64_t units_per_second) {
  return TimeOfDay(value, units_per_second);
}

std::string FormatIsoTimestamp(int64_t value, int64_t units_per_second, bool utc) {
  const int64_t units_per_day = 86400 * units_per_second;
  int64_t days = FloorDiv(value, units_per_day);
  int64_t in_day = value - days * units_per_day;
  return DateFromDays(days) + "T" + TimeOfDay(in_day, units_per_second) + (utc ? "Z" : "");
}

std::string FormatIsoTimeTz(int64_t micros, int32_t offset_seconds) {
  int32_t magnitude = std::abs(offset_seconds);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%c%02d:%02d", offset_seconds < 0 ? '-' : '+', magnitude / 3600,
                magnitude / 60 % 60);
  std::string out = TimeOfDay(micros, 1'000'000) + buf;
  if (magnitude % 60 != 0) {
    std::snprintf(buf, sizeof(buf), ":%02d", magnitude % 60);
    out += buf;
  }
  return out;
}

std::string FormatIsoInterval(int32_t months, int32_t days, int64_t micros) {
  if (months == 0 && days == 0 && micros == 0) return "PT0S";
  std::string out = "P";
  if (months / 12 != 0) out += std::to_string(months / 12) + "Y";
  if (months % 12 != 0) out += std::to_string(months % 12) + "M";
  if (days != 0) out += std::to_string(days) + "D";
  if (micros != 0) {
    out += "T";
    int64_t hours = micros / 3'600'000'000LL;
    int64_t minutes = micros / 60'000'000LL % 60;
    int64_t seconds = micros / 1'000'000 % 60;
    int64_t fraction = micros % 1'000'000;
    if (hours != 0) out += std::to_string(hours) + "H";
    if (minutes != 0) out += std::to_string(minutes) + "M";
    if (seconds != 0 || fraction != 0) {
      if (seconds == 0 && fraction < 0) out += "-";
      out += std::to_string(seconds) + Fraction(std::llabs(fraction), 1'000'000) + "S";
    }
  }
  return out;
}

std::string FormatUuid(int64_t stored_upper, uint64_t lower) {
  uint64_t upper = static_cast<uint64_t>(stored_upper) ^ (uint64_t{1} << 63);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(upper >> 32),
                static_cast<unsigned long long>((upper >> 16) & 0xffff),
                static_cast<unsigned long long>(upper & 0xffff),
                static_cast<unsigned long long>(lower >> 48),
                static_cast<unsigned long long>(lower & 0xffffffffffffULL));
  return buf;
}

std::string UInt128ToString(unsigned __int128 value) {
  if (value == 0) return "0";
  std::string out;
  while (value != 0) {
    out += static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string Int128ToString(__int128 value) {
  if (value >= 0) return UInt128ToString(static_cast<unsigned __int128>(value));
  // Negate in unsigned arithmetic so the minimum value does not overflow.
  return "-" + UInt128ToString(~static_cast<unsigned __int128>(value) + 1);
}

}  // namespace lakehouse::sql_detail
