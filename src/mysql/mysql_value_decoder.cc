#include "mysql/mysql_value_decoder.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lakehouse {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int32_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + doe - 719468);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Exactly `n` digits at text[pos…] into *out.
bool Digits(std::string_view text, size_t pos, size_t n, int64_t* out) {
  if (pos + n > text.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

// ".ffffff" (1–6 digits) at text[pos…] to the end → microseconds.
bool Fraction(std::string_view text, size_t pos, int64_t* micros) {
  *micros = 0;
  if (pos == text.size()) return true;
  if (text[pos] != '.' || text.size() - pos - 1 > 6 || text.size() - pos - 1 == 0) return false;
  int64_t v = 0;
  size_t n = 0;
  for (size_t i = pos + 1; i < text.size(); ++i, ++n) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  for (; n < 6; ++n) v *= 10;
  *micros = v;
  return true;
}

Status Unreadable(const MysqlColumnMapping& column, std::string_view text) {
  std::string shown(text.substr(0, 64));
  return DataLoss("MySQL column '", column.name, "' (", column.source_type, "): cannot read '",
                  shown, text.size() > 64 ? "…" : "", "' as ", column.duckdb_type);
}

template <typename T>
bool ParseInteger(std::string_view text, T* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseDouble(std::string_view text, double* out) {
  // from_chars for double is exact (round-to-nearest) like strtod, without the locale.
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<__int128> ParseMysqlDecimal(std::string_view text, int scale) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  size_t pos = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    pos = 1;
  }
  __int128 value = 0;
  int digits = 0;
  int fraction = -1;  // digits after the point; -1 before it
  bool any = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '.') {
      if (fraction >= 0) return std::nullopt;
      fraction = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any = true;
    if (fraction >= 0 && ++fraction > scale) return std::nullopt;
    if (value != 0 || c != '0') ++digits;
    if (digits > 38) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (!any) return std::nullopt;
  for (int f = fraction < 0 ? 0 : fraction; f < scale; ++f) {
    if (++digits > 38 && value != 0) return std::nullopt;
    value *= 10;
  }
  return negative ? -value : value;
}

std::optional<MysqlDateValue> ParseMysqlDate(std::string_view text) {
  int64_t y = 0, m = 0, d = 0;
  if (text.size() != 10 || !Digits(text, 0, 4, &y) || text[4] != '-' || !Digits(text, 5, 2, &m) ||
      text[7] != '-' || !Digits(text, 8, 2, &d)) {
    return std::nullopt;
  }
  MysqlDateValue out;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    out.zero = true;  // 0000-00-00, a zero month or day, or an ALLOW_INVALID_DATES value
    return out;
  }
  out.days = DaysFromCivil(y, m, d);
  out.micros = int64_t{out.days} * 86'400'000'000;
  return out;
}

std::optional<MysqlDateValue> ParseMysqlDateTime(std::string_view text) {
  if (text.size() < 19 || text[10] != ' ') return std::nullopt;
  std::optional<MysqlDateValue> date = ParseMysqlDate(text.substr(0, 10));
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  if (!date || !Digits(text, 11, 2, &h) || text[13] != ':' || !Digits(text, 14, 2, &mi) ||
      text[16] != ':' || !Digits(text, 17, 2, &s) || !Fraction(text, 19, &frac) || h > 23 ||
      mi > 59 || s > 59) {
    return std::nullopt;
  }
  if (!date->zero) date->micros += ((h * 60 + mi) * 60 + s) * 1'000'000 + frac;
  return date;
}

std::optional<int64_t> ParseMysqlTime(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon < 2 || colon > 3) return std::nullopt;
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  if (!Digits(text, 0, colon, &h) || !Digits(text, colon + 1, 2, &mi) || text.size() < colon + 6 ||
      text[colon + 3] != ':' || !Digits(text, colon + 4, 2, &s) ||
      !Fraction(text, colon + 6, &frac) || mi > 59 || s > 59) {
    return std::nullopt;
  }
  int64_t micros = ((h * 60 + mi) * 60 + s) * 1'000'000 + frac;
  return negative ? -micros : micros;
}

Status AppendMysqlValue(const MysqlColumnMapping& column, std::string_view text,
                        ChunkAppender& appender, int64_t* zero_dates) {
  switch (column.kind) {
    case MysqlValueKind::kInt: {
      int64_t v = 0;
      if (!ParseInteger(text, &v)) return Unreadable(column, text);
      return appender.AppendInt64(v);
    }
    case MysqlValueKind::kUInt: {
      uint64_t v = 0;
      if (!ParseInteger(text, &v)) return Unreadable(column, text);
      return appender.AppendUInt64(v);
    }
    case MysqlValueKind::kFloat: {
      double v = 0;
      if (!ParseDouble(text, &v)) return Unreadable(column, text);
      return appender.AppendFloat(static_cast<float>(v));  // a FLOAT's exact double: no rounding
    }
    case MysqlValueKind::kDouble: {
      double v = 0;
      if (!ParseDouble(text, &v)) return Unreadable(column, text);
      return appender.AppendDouble(v);
    }
    case MysqlValueKind::kDecimal: {
      std::optional<__int128> v = ParseMysqlDecimal(text, column.decimal_scale);
      if (!v) return Unreadable(column, text);
      return appender.AppendDecimal(static_cast<uint8_t>(column.decimal_width),
                                    static_cast<uint8_t>(column.decimal_scale), *v);
    }
    case MysqlValueKind::kDecimalText:
    case MysqlValueKind::kText:
      return appender.AppendString(text);
    case MysqlValueKind::kBlob:
      return appender.AppendBlob(text);
    case MysqlValueKind::kBool:
    case MysqlValueKind::kBits: {
      if (text.size() > 8) return Unreadable(column, "(" + std::to_string(text.size()) + " bytes)");
      uint64_t v = 0;
      for (unsigned char c : text) v = (v << 8) | c;
      return column.kind == MysqlValueKind::kBool ? appender.AppendBool(v != 0)
                                                  : appender.AppendUInt64(v);
    }
    case MysqlValueKind::kYear: {
      int64_t v = 0;
      if (!ParseInteger(text, &v)) return Unreadable(column, text);
      if (v == 0) {
        ++*zero_dates;
        return appender.AppendNull();
      }
      return appender.AppendInt64(v);
    }
    case MysqlValueKind::kDate: {
      std::optional<MysqlDateValue> v = ParseMysqlDate(text);
      if (!v) return Unreadable(column, text);
      if (v->zero) {
        ++*zero_dates;
        return appender.AppendNull();
      }
      return appender.AppendDate(v->days);
    }
    case MysqlValueKind::kDateTime:
    case MysqlValueKind::kTimestamp: {
      std::optional<MysqlDateValue> v = ParseMysqlDateTime(text);
      if (!v) return Unreadable(column, text);
      if (v->zero) {
        ++*zero_dates;
        return appender.AppendNull();
      }
      return appender.AppendTimestampMicros(v->micros);
    }
    case MysqlValueKind::kTime: {
      std::optional<int64_t> v = ParseMysqlTime(text);
      if (!v) return Unreadable(column, text);
      if (*v < 0) {
        // Parquet has no negative intervals; refusing beats publishing a wrong duration.
        return InvalidArgument("MySQL column '", column.name, "' holds the negative TIME '", text,
                               "', which Parquet intervals cannot store; pull it with a query "
                               "that selects TIME_TO_SEC(",
                               column.name, ") instead");
      }
      return appender.AppendInterval(0, 0, *v);
    }
  }
  return Unreadable(column, text);
}

}  // namespace lakehouse
