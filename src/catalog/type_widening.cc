#include "catalog/type_widening.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <utility>

namespace lakehouse {
namespace {

struct IntegerInfo {
  int rank;  // width class: 1 = 8-bit … 5 = 128-bit
  bool is_unsigned;
  int digits;  // decimal digits needed for every value
};

std::optional<IntegerInfo> Integer(std::string_view type) {
  static constexpr std::array<std::pair<std::string_view, IntegerInfo>, 9> kIntegers = {{
      {"TINYINT", {1, false, 3}},
      {"SMALLINT", {2, false, 5}},
      {"INTEGER", {3, false, 10}},
      {"BIGINT", {4, false, 19}},
      {"HUGEINT", {5, false, 39}},
      {"UTINYINT", {1, true, 3}},
      {"USMALLINT", {2, true, 5}},
      {"UINTEGER", {3, true, 10}},
      {"UBIGINT", {4, true, 20}},
  }};
  for (const auto& [name, info] : kIntegers) {
    if (name == type) return info;
  }
  return std::nullopt;
}

struct Decimal {
  int precision;
  int scale;
};

// "DECIMAL(p,s)" (normalised), or the integer's equivalent DECIMAL(digits,0).
std::optional<Decimal> AsDecimal(const std::string& type) {
  if (std::optional<IntegerInfo> integer = Integer(type)) return Decimal{integer->digits, 0};
  int precision = 0;
  int scale = 0;
  if (std::sscanf(type.c_str(), "DECIMAL(%d,%d)", &precision, &scale) == 2) {
    return Decimal{precision, scale};
  }
  return std::nullopt;
}

bool IsList(const std::string& type) { return type.size() > 2 && type.ends_with("[]"); }

std::string ListElement(const std::string& type) { return type.substr(0, type.size() - 2); }

std::string Upper(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == '(' || out.back() == ',')) continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool Widens(const std::string& from, const std::string& to) {
  if (from == to) return true;
  if (IsList(from) && IsList(to)) return Widens(ListElement(from), ListElement(to));
  std::optional<IntegerInfo> a = Integer(from);
  std::optional<IntegerInfo> b = Integer(to);
  if (a && b) {
    if (a->is_unsigned == b->is_unsigned) return b->rank >= a->rank;
    return a->is_unsigned && b->rank > a->rank;  // signed never fits unsigned
  }
  if (to == "DOUBLE") return a || from == "FLOAT" || from.starts_with("DECIMAL(");
  if (from == "DATE" && to == "TIMESTAMP") return true;
  std::optional<Decimal> d1 = AsDecimal(from);
  std::optional<Decimal> d2 = AsDecimal(to);
  if (d1 && d2 && to.starts_with("DECIMAL(")) {
    return d2->scale >= d1->scale && d2->precision - d2->scale >= d1->precision - d1->scale;
  }
  return false;
}

// A common type other than VARCHAR for two types neither of which widens to the other.
std::optional<std::string> CommonNumeric(const std::string& a, const std::string& b) {
  std::optional<IntegerInfo> x = Integer(a);
  std::optional<IntegerInfo> y = Integer(b);
  if (x && y) {  // mixed signedness: the next signed width above both
    const int rank = std::max(x->rank, y->rank) + 1;
    static constexpr std::array<std::string_view, 6> kSigned = {"",        "TINYINT", "SMALLINT",
                                                                "INTEGER", "BIGINT",  "HUGEINT"};
    return rank <= 5 ? std::string(kSigned[rank]) : "DOUBLE";
  }
  std::optional<Decimal> d1 = AsDecimal(a);
  std::optional<Decimal> d2 = AsDecimal(b);
  if (d1 && d2) {
    const int scale = std::max(d1->scale, d2->scale);
    const int whole = std::max(d1->precision - d1->scale, d2->precision - d2->scale);
    if (whole + scale <= 38) {
      return "DECIMAL(" + std::to_string(whole + scale) + "," + std::to_string(scale) + ")";
    }
    return "DOUBLE";
  }
  const bool numeric_a = x || a == "FLOAT" || a == "DOUBLE" || d1;
  const bool numeric_b = y || b == "FLOAT" || b == "DOUBLE" || d2;
  if (numeric_a && numeric_b) return "DOUBLE";
  return std::nullopt;
}

// Empty, NUL or unbalanced parentheses (outside quoted field names) → INVALID_ARGUMENT. Field
// names inside STRUCT types may hold any character, so nothing stricter is checked.
Status CheckType(std::string_view type) {
  if (type.empty()) return InvalidArgument("column type is empty");
  if (type.find('\0') != std::string_view::npos) {
    return InvalidArgument("column type holds a NUL byte");
  }
  int depth = 0;
  bool quoted = false;
  for (char c : type) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0) break;
  }
  if (depth != 0) return InvalidArgument("column type '", std::string(type), "' is malformed");
  return Status::Ok();
}

}  // namespace

std::string NormalizeTypeName(std::string_view type) {
  std::string upper = Upper(type);
  if (IsList(upper)) return NormalizeTypeName(ListElement(upper)) + "[]";
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kAliases = {{
      {"INT", "INTEGER"},        {"INT4", "INTEGER"},
      {"SIGNED", "INTEGER"},     {"INT1", "TINYINT"},
      {"INT2", "SMALLINT"},      {"SHORT", "SMALLINT"},
      {"INT8", "BIGINT"},        {"LONG", "BIGINT"},
      {"INT128", "HUGEINT"},     {"FLOAT4", "FLOAT"},
      {"REAL", "FLOAT"},         {"FLOAT8", "DOUBLE"},
      {"STRING", "VARCHAR"},     {"TEXT", "VARCHAR"},
      {"CHAR", "VARCHAR"},       {"BPCHAR", "VARCHAR"},
      {"BOOL", "BOOLEAN"},       {"LOGICAL", "BOOLEAN"},
      {"DATETIME", "TIMESTAMP"}, {"NUMERIC", "DECIMAL(18,3)"},
  }};
  for (const auto& [alias, canonical] : kAliases) {
    if (upper == alias) return std::string(canonical);
  }
  if (upper.starts_with("VARCHAR(")) return "VARCHAR";
  if (upper == "DECIMAL") return "DECIMAL(18,3)";  // DuckDB's default width
  if (upper.starts_with("NUMERIC(")) return "DECIMAL(" + upper.substr(8);
  return upper;
}

bool IsSafeWidening(std::string_view from, std::string_view to) {
  return Widens(NormalizeTypeName(from), NormalizeTypeName(to));
}

namespace {

bool Fits(const std::string& from, const std::string& to) {
  if (to == "VARCHAR" || Widens(from, to)) return true;
  return IsList(from) && IsList(to) && Fits(ListElement(from), ListElement(to));
}

}  // namespace

bool FitsInto(std::string_view incoming, std::string_view existing) {
  return Fits(NormalizeTypeName(incoming), NormalizeTypeName(existing));
}

Result<std::string> UnifiedType(std::string_view a, std::string_view b) {
  LH_RETURN_IF_ERROR(CheckType(a));
  LH_RETURN_IF_ERROR(CheckType(b));
  const std::string x = NormalizeTypeName(a);
  const std::string y = NormalizeTypeName(b);
  if (Widens(x, y)) return y;
  if (Widens(y, x)) return x;
  if (IsList(x) && IsList(y)) {
    LH_ASSIGN_OR_RETURN(std::string element, UnifiedType(ListElement(x), ListElement(y)));
    return element + "[]";
  }
  if (std::optional<std::string> numeric = CommonNumeric(x, y)) return *numeric;
  return std::string("VARCHAR");
}

}  // namespace lakehouse
