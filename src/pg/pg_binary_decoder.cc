#include "pg/pg_binary_decoder.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "common/json.h"

namespace lakehouse {
namespace {

constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the terminating NUL
constexpr size_t kSignatureSize = 11;
// PostgreSQL counts dates and timestamps from 2000-01-01, DuckDB from 1970-01-01.
constexpr int32_t kEpochDays = 10957;
constexpr int64_t kEpochMicros = 946'684'800'000'000;

uint16_t Read16(const char* p) {
  return static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
uint32_t Read32(const char* p) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(p[0])) << 24) |
         (static_cast<uint32_t>(static_cast<uint8_t>(p[1])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(p[2])) << 8) |
         static_cast<uint32_t>(static_cast<uint8_t>(p[3]));
}
uint64_t Read64(const char* p) { return (static_cast<uint64_t>(Read32(p)) << 32) | Read32(p + 4); }

Status Truncated(std::string_view what) { return DataLoss("COPY data: truncated ", what); }

Status NeedSize(std::string_view bytes, size_t size, std::string_view type) {
  if (bytes.size() == size) return Status::Ok();
  return DataLoss("COPY data: a ", type, " value has ", bytes.size(), " bytes, expected ", size);
}

// PostgreSQL ±infinity → DuckDB ±infinity (DuckDB reserves -max, not min, for -infinity).
int32_t DateDays(int32_t pg) {
  if (pg == std::numeric_limits<int32_t>::max()) return pg;
  if (pg == std::numeric_limits<int32_t>::min()) return -std::numeric_limits<int32_t>::max();
  return pg + kEpochDays;
}
int64_t TimestampMicros(int64_t pg) {
  if (pg == std::numeric_limits<int64_t>::max()) return pg;
  if (pg == std::numeric_limits<int64_t>::min()) return -std::numeric_limits<int64_t>::max();
  return pg + kEpochMicros;
}

std::string UuidText(std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[static_cast<uint8_t>(b[i]) >> 4];
    out += kHex[static_cast<uint8_t>(b[i]) & 15];
  }
  return out;
}

// Proleptic Gregorian civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
std::string CivilDate(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string TimestampText(int64_t micros) {
  int64_t days = micros / 86'400'000'000;
  int64_t rest = micros % 86'400'000'000;
  if (rest < 0) {
    rest += 86'400'000'000;
    --days;
  }
  int64_t secs = rest / 1'000'000;
  return fmt::format("{} {:02}:{:02}:{:02}.{:06}", CivilDate(days), secs / 3600, secs / 60 % 60,
                     secs % 60, rest % 1'000'000);
}

// A scalar array element as JSON (the LIST is built by DuckDB's from_json).
Result<Json> ElementJson(PgValueKind kind, std::string_view b) {
  switch (kind) {
    case PgValueKind::kBool:
      LH_RETURN_IF_ERROR(NeedSize(b, 1, "boolean"));
      return Json(b[0] != 0);
    case PgValueKind::kInt2:
      LH_RETURN_IF_ERROR(NeedSize(b, 2, "smallint"));
      return Json(static_cast<int16_t>(Read16(b.data())));
    case PgValueKind::kInt4:
      LH_RETURN_IF_ERROR(NeedSize(b, 4, "integer"));
      return Json(static_cast<int32_t>(Read32(b.data())));
    case PgValueKind::kInt8:
      LH_RETURN_IF_ERROR(NeedSize(b, 8, "bigint"));
      return Json(static_cast<int64_t>(Read64(b.data())));
    case PgValueKind::kFloat4:
    case PgValueKind::kFloat8: {
      double v = 0;
      if (kind == PgValueKind::kFloat4) {
        LH_RETURN_IF_ERROR(NeedSize(b, 4, "real"));
        uint32_t bits = Read32(b.data());
        float f;
        std::memcpy(&f, &bits, 4);
        v = f;
      } else {
        LH_RETURN_IF_ERROR(NeedSize(b, 8, "double precision"));
        uint64_t bits = Read64(b.data());
        std::memcpy(&v, &bits, 8);
      }
      if (std::isnan(v)) return Json("nan");
      if (std::isinf(v)) return Json(v > 0 ? "infinity" : "-infinity");
      return Json(v);
    }
    case PgValueKind::kUuid:
      LH_RETURN_IF_ERROR(NeedSize(b, 16, "uuid"));
      return Json(UuidText(b));
    case PgValueKind::kDate: {
      LH_RETURN_IF_ERROR(NeedSize(b, 4, "date"));
      int32_t pg = static_cast<int32_t>(Read32(b.data()));
      if (pg == std::numeric_limits<int32_t>::max()) return Json("infinity");
      if (pg == std::numeric_limits<int32_t>::min()) return Json("-infinity");
      return Json(CivilDate(int64_t{pg} + kEpochDays));
    }
    case PgValueKind::kTimestamp:
    case PgValueKind::kTimestampTz: {
      LH_RETURN_IF_ERROR(NeedSize(b, 8, "timestamp"));
      int64_t pg = static_cast<int64_t>(Read64(b.data()));
      if (pg == std::numeric_limits<int64_t>::max()) return Json("infinity");
      if (pg == std::numeric_limits<int64_t>::min()) return Json("-infinity");
      std::string text = TimestampText(pg + kEpochMicros);
      if (kind == PgValueKind::kTimestampTz) text += "+00";
      return Json(std::move(text));
    }
    default:
      return Json(std::string(b));
  }
}

// Sign words of a binary numeric.
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericInfinity = 0xD000;
constexpr uint16_t kNumericNegativeInfinity = 0xF000;

// The header of a binary numeric, validated.
struct NumericHeader {
  int ndigits;
  int weight;
  uint16_t sign;
  int dscale;
};

Result<NumericHeader> ReadNumericHeader(std::string_view b) {
  if (b.size() < 8) return Truncated("numeric");
  NumericHeader h{static_cast<int16_t>(Read16(b.data())),
                  static_cast<int16_t>(Read16(b.data() + 2)), Read16(b.data() + 4),
                  static_cast<int16_t>(Read16(b.data() + 6))};
  if (h.ndigits < 0 || b.size() != 8 + 2 * static_cast<size_t>(h.ndigits) || h.dscale < 0) {
    return DataLoss("COPY data: malformed numeric value");
  }
  return h;
}

bool IsSpecialNumeric(uint16_t sign) {
  return sign == kNumericNaN || sign == kNumericInfinity || sign == kNumericNegativeInfinity;
}

// 10^0 … 10^38 (the largest power below 2^127).
constexpr auto kPow10 = [] {
  std::array<__int128, 39> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

__int128 Pow10(int exponent) { return kPow10[static_cast<size_t>(exponent)]; }

}  // namespace

Result<std::string> PgNumericToString(std::string_view b) {
  LH_ASSIGN_OR_RETURN(NumericHeader h, ReadNumericHeader(b));
  if (h.sign == kNumericNaN) return std::string("NaN");
  if (h.sign == kNumericInfinity) return std::string("Infinity");
  if (h.sign == kNumericNegativeInfinity) return std::string("-Infinity");
  const int ndigits = h.ndigits;
  const int weight = h.weight;
  const int dscale = h.dscale;
  auto digit = [&](int i) -> int {
    return i >= 0 && i < ndigits ? Read16(b.data() + 8 + 2 * i) : 0;
  };
  std::string out;
  if (h.sign == kNumericNegative) out += '-';
  if (weight < 0) {
    out += '0';
  } else {
    out += std::to_string(digit(0));
    for (int i = 1; i <= weight; ++i) out += fmt::format("{:04}", digit(i));
  }
  if (dscale > 0) {
    out += '.';
    std::string fraction;
    for (int i = weight + 1; static_cast<int>(fraction.size()) < dscale; ++i) {
      fraction += fmt::format("{:04}", digit(i));
    }
    out += fraction.substr(0, static_cast<size_t>(dscale));
  }
  return out;
}

Result<std::optional<__int128>> PgNumericToScaled(std::string_view b, int scale, int max_digits) {
  LH_ASSIGN_OR_RETURN(NumericHeader h, ReadNumericHeader(b));
  if (IsSpecialNumeric(h.sign) || scale < 0 || max_digits < 1 || max_digits > 38) {
    return std::optional<__int128>();
  }
  const __int128 limit = Pow10(max_digits);
  __int128 value = 0;
  for (int i = 0; i < h.ndigits; ++i) {
    const int digit = Read16(b.data() + 8 + 2 * i);
    if (digit > 9999) return DataLoss("COPY data: malformed numeric digit");
    // digit × 10000^(weight − i) × 10^scale
    const int exponent = 4 * (h.weight - i) + scale;
    if (exponent >= 0) {
      if (exponent > 38) return std::optional<__int128>();
      const __int128 term = digit * Pow10(exponent);
      if (term >= limit) return std::optional<__int128>();
      value += term;
      if (value >= limit) return std::optional<__int128>();
    } else {
      if (exponent < -4) {  // wholly beyond the scale: must be zero
        if (digit != 0) return std::optional<__int128>();
        continue;
      }
      const int divisor = static_cast<int>(Pow10(-exponent));
      if (digit % divisor != 0) return std::optional<__int128>();  // more fractional digits
      value += digit / divisor;
      if (value >= limit) return std::optional<__int128>();
    }
  }
  return std::optional<__int128>(h.sign == kNumericNegative ? -value : value);
}

Result<double> PgNumericToDouble(std::string_view b) {
  LH_ASSIGN_OR_RETURN(NumericHeader h, ReadNumericHeader(b));
  if (h.sign == kNumericNaN) return std::numeric_limits<double>::quiet_NaN();
  if (h.sign == kNumericInfinity) return std::numeric_limits<double>::infinity();
  if (h.sign == kNumericNegativeInfinity) return -std::numeric_limits<double>::infinity();
  if (h.ndigits == 0) return h.sign == kNumericNegative ? -0.0 : 0.0;
  // value = mantissa × 10^exponent with every base-10000 digit in the mantissa.
  uint64_t mantissa = 0;
  bool exact = h.ndigits <= 4;
  for (int i = 0; exact && i < h.ndigits; ++i) {
    mantissa = mantissa * 10000 + Read16(b.data() + 8 + 2 * i);
  }
  const int exponent = 4 * (h.weight - h.ndigits + 1);
  static constexpr double kDoublePow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (exact && mantissa <= (uint64_t{1} << 53) && exponent >= -22 && exponent <= 22) {
    // Both operands are exact doubles, so the product or quotient is rounded once: the same
    // correctly rounded result strtod gives for the decimal text (Clinger's fast path).
    const double m = static_cast<double>(mantissa);
    const double v = exponent >= 0 ? m * kDoublePow10[exponent] : m / kDoublePow10[-exponent];
    return h.sign == kNumericNegative ? -v : v;
  }
  LH_ASSIGN_OR_RETURN(std::string text, PgNumericToString(b));
  return std::strtod(text.c_str(), nullptr);
}

Result<std::string> PgArrayToJson(std::string_view b, PgValueKind element_kind) {
  if (b.size() < 12) return Truncated("array");
  const int32_t ndim = static_cast<int32_t>(Read32(b.data()));
  if (ndim < 0 || ndim > 6) return DataLoss("COPY data: malformed array");
  size_t pos = 12;
  int64_t count = ndim == 0 ? 0 : 1;
  for (int32_t d = 0; d < ndim; ++d) {
    if (pos + 8 > b.size()) return Truncated("array");
    count *= static_cast<int32_t>(Read32(b.data() + pos));
    pos += 8;  // size and lower bound
  }
  Json out = Json::array();
  for (int64_t i = 0; i < count; ++i) {
    if (pos + 4 > b.size()) return Truncated("array");
    int32_t len = static_cast<int32_t>(Read32(b.data() + pos));
    pos += 4;
    if (len < 0) {
      out.push_back(nullptr);
      continue;
    }
    if (pos + static_cast<size_t>(len) > b.size()) return Truncated("array");
    LH_ASSIGN_OR_RETURN(Json element, ElementJson(element_kind, b.substr(pos, len)));
    out.push_back(std::move(element));
    pos += static_cast<size_t>(len);
  }
  return DumpJson(out);
}

Status AppendPgValue(const PgColumnMapping& column, std::string_view b, ChunkAppender& app) {
  switch (column.kind) {
    case PgValueKind::kBool:
      LH_RETURN_IF_ERROR(NeedSize(b, 1, "boolean"));
      return app.AppendBool(b[0] != 0);
    case PgValueKind::kInt2:
      LH_RETURN_IF_ERROR(NeedSize(b, 2, "smallint"));
      return app.AppendInt32(static_cast<int16_t>(Read16(b.data())));
    case PgValueKind::kInt4:
      LH_RETURN_IF_ERROR(NeedSize(b, 4, "integer"));
      return app.AppendInt32(static_cast<int32_t>(Read32(b.data())));
    case PgValueKind::kInt8:
      LH_RETURN_IF_ERROR(NeedSize(b, 8, "bigint"));
      return app.AppendInt64(static_cast<int64_t>(Read64(b.data())));
    case PgValueKind::kFloat4: {
      LH_RETURN_IF_ERROR(NeedSize(b, 4, "real"));
      uint32_t bits = Read32(b.data());
      float v;
      std::memcpy(&v, &bits, 4);
      return app.AppendFloat(v);
    }
    case PgValueKind::kFloat8: {
      LH_RETURN_IF_ERROR(NeedSize(b, 8, "double precision"));
      uint64_t bits = Read64(b.data());
      double v;
      std::memcpy(&v, &bits, 8);
      return app.AppendDouble(v);
    }
    case PgValueKind::kDecimal: {
      if (column.decimal_width > 0) {
        LH_ASSIGN_OR_RETURN(std::optional<__int128> scaled,
                            PgNumericToScaled(b, column.decimal_scale, column.decimal_width));
        if (scaled) {
          return app.AppendDecimal(static_cast<uint8_t>(column.decimal_width),
                                   static_cast<uint8_t>(column.decimal_scale), *scaled);
        }
      }
      // Out of range or special (NaN, ±Infinity): refused, never rounded.
      LH_ASSIGN_OR_RETURN(std::string text, PgNumericToString(b));
      return InvalidArgument("column '", column.name, "': ", text, " does not fit ",
                             column.duckdb_type);
    }
    case PgValueKind::kNumericDouble: {
      LH_ASSIGN_OR_RETURN(double value, PgNumericToDouble(b));
      return app.AppendDouble(value);
    }
    case PgValueKind::kText:
      return app.AppendString(b);
    case PgValueKind::kJsonb:
      if (b.empty() || b[0] != 1) return DataLoss("COPY data: unknown jsonb version");
      return app.AppendString(b.substr(1));
    case PgValueKind::kBytea:
      return app.AppendBlob(b);
    case PgValueKind::kDate:
      LH_RETURN_IF_ERROR(NeedSize(b, 4, "date"));
      return app.AppendDate(DateDays(static_cast<int32_t>(Read32(b.data()))));
    case PgValueKind::kTime:
      LH_RETURN_IF_ERROR(NeedSize(b, 8, "time"));
      return app.AppendTimeMicros(static_cast<int64_t>(Read64(b.data())));
    case PgValueKind::kTimestamp:
    case PgValueKind::kTimestampTz:
      LH_RETURN_IF_ERROR(NeedSize(b, 8, "timestamp"));
      return app.AppendTimestampMicros(TimestampMicros(static_cast<int64_t>(Read64(b.data()))));
    case PgValueKind::kInterval:
      LH_RETURN_IF_ERROR(NeedSize(b, 16, "interval"));
      return app.AppendInterval(static_cast<int32_t>(Read32(b.data() + 12)),
                                static_cast<int32_t>(Read32(b.data() + 8)),
                                static_cast<int64_t>(Read64(b.data())));
    case PgValueKind::kUuid:
      LH_RETURN_IF_ERROR(NeedSize(b, 16, "uuid"));
      return app.AppendUuid(b);
    case PgValueKind::kArray: {
      LH_ASSIGN_OR_RETURN(std::string json, PgArrayToJson(b, column.element_kind));
      return app.AppendString(json);
    }
  }
  return Internal("unhandled PostgreSQL value kind");
}

Result<int64_t> PgRowDecoder::AppendMessage(std::string_view message, ChunkAppender& app) {
  size_t pos = 0;
  if (!header_seen_) {
    if (message.size() < kSignatureSize + 8 ||
        std::memcmp(message.data(), kSignature, kSignatureSize) != 0) {
      return DataLoss("COPY data: missing binary signature");
    }
    uint32_t extension = Read32(message.data() + kSignatureSize + 4);
    pos = kSignatureSize + 8 + extension;
    if (pos > message.size()) return Truncated("header");
    header_seen_ = true;
  }
  int64_t rows = 0;
  const int64_t want = static_cast<int64_t>(columns_.size());
  while (pos < message.size()) {
    if (finished_) return DataLoss("COPY data: bytes after the trailer");
    if (pos + 2 > message.size()) return Truncated("row");
    int16_t fields = static_cast<int16_t>(Read16(message.data() + pos));
    pos += 2;
    if (fields == -1) {
      finished_ = true;
      continue;
    }
    if (fields != want) {
      return DataLoss("COPY data: a row has ", fields, " fields, expected ", want);
    }
    for (const PgColumnMapping& column : columns_) {
      if (pos + 4 > message.size()) return Truncated("row");
      int32_t len = static_cast<int32_t>(Read32(message.data() + pos));
      pos += 4;
      if (len < 0) {
        LH_RETURN_IF_ERROR(app.AppendNull());
        continue;
      }
      if (pos + static_cast<size_t>(len) > message.size()) return Truncated("row");
      Status s = AppendPgValue(column, message.substr(pos, static_cast<size_t>(len)), app);
      if (!s.ok()) return s.WithContext("column '" + column.name + "'");
      pos += static_cast<size_t>(len);
    }
    LH_RETURN_IF_ERROR(app.EndRow());
    ++rows;
  }
  return rows;
}

}  // namespace lakehouse
