#include "common/json_float_array.h"

#include <charconv>
#include <utility>

#include "common/base64.h"

namespace lakehouse {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Scanner {
 public:
  Scanner(const char* begin, const char* end) : begin_(begin), p_(begin), end_(end) {}

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool At(char c) const { return p_ < end_ && *p_ == c; }
  bool Eat(char c) {
    SkipSpace();
    if (!At(c)) return false;
    ++p_;
    return true;
  }
  bool AtEnd() const { return p_ == end_; }
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }

  // A string starting at '"'; its raw contents (between the quotes) in *raw.
  bool String(std::string_view* raw, bool* escaped) {
    if (!At('"')) return false;
    const char* start = ++p_;
    while (p_ < end_) {
      char c = *p_++;
      if (c == '"') {
        *raw = std::string_view(start, static_cast<size_t>(p_ - 1 - start));
        return true;
      }
      if (c == '\\') {
        if (p_ == end_) return false;
        ++p_;
        *escaped = true;
      }
    }
    return false;
  }

  // Any value, checked only for balanced brackets and terminated strings: ParseJson validates it.
  bool SkipValue() {
    SkipSpace();
    if (p_ == end_) return false;
    std::string_view raw;
    bool escaped = false;
    if (*p_ == '"') return String(&raw, &escaped);
    if (*p_ == '{' || *p_ == '[') {
      int depth = 0;
      while (p_ < end_) {
        if (*p_ == '"') {
          if (!String(&raw, &escaped)) return false;
          continue;
        }
        if (*p_ == '{' || *p_ == '[') ++depth;
        if (*p_ == '}' || *p_ == ']') {
          if (--depth == 0) {
            ++p_;
            return true;
          }
        }
        ++p_;
      }
      return false;
    }
    const char* start = p_;
    while (p_ < end_ && *p_ != ',' && *p_ != '}' && *p_ != ']' && *p_ != ' ' && *p_ != '\t' &&
           *p_ != '\n' && *p_ != '\r') {
      ++p_;
    }
    return p_ > start;
  }

  // One number in JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool Number(double* out) {
    SkipSpace();
    // std::from_chars reads a superset of JSON's numbers (leading zeros, "1.", ".5", inf, nan):
    // parse first, then check the shape of what it consumed (one pass over hot bytes).
    auto [ptr, ec] = std::from_chars(p_, end_, *out);
    if (ec != std::errc()) return false;
    const char* q = p_;
    if (*q == '-') ++q;
    if (q == ptr || !IsDigit(*q)) return false;                   // ".5", "-.5", inf, nan
    if (*q == '0' && q + 1 < ptr && IsDigit(q[1])) return false;  // a leading zero
    for (const char* c = q + 1; c < ptr; ++c) {
      if (*c == '.') {
        if (c + 1 == ptr || !IsDigit(c[1])) return false;  // "1." or "1.e5"
        break;
      }
      if (*c == 'e' || *c == 'E') break;
    }
    p_ = ptr;
    return true;
  }

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
};

// Finds the top-level member `key` of the object in `json`, lets `parse` read its value (the
// scanner at the value's first character; false = not ours), then replaces that value with null.
template <typename Parse>
bool TakeField(std::string& json, std::string_view key, Parse parse) {
  Scanner s(json.data(), json.data() + json.size());
  if (!s.Eat('{')) return false;
  std::optional<std::pair<size_t, size_t>> span;  // [begin, end) of the value
  s.SkipSpace();
  if (s.At('}')) return false;
  while (true) {
    s.SkipSpace();
    std::string_view name;
    bool escaped = false;
    if (!s.String(&name, &escaped) || escaped) return false;
    if (!s.Eat(':')) return false;
    s.SkipSpace();
    if (name == key) {
      if (span) return false;
      const size_t begin = s.offset();
      if (!parse(s)) return false;
      span.emplace(begin, s.offset());
    } else if (!s.SkipValue()) {
      return false;
    }
    if (s.Eat(',')) continue;
    if (s.Eat('}')) break;
    return false;
  }
  s.SkipSpace();
  if (!s.AtEnd() || !span) return false;
  json.replace(span->first, span->second - span->first, "null");
  return true;
}

// A non-empty array of numbers, appended to *out.
bool NumberArray(Scanner& s, std::vector<float>* out) {
  if (!s.Eat('[')) return false;
  s.SkipSpace();
  if (s.At(']')) return false;
  while (true) {
    double value = 0;
    if (!s.Number(&value)) return false;
    out->push_back(static_cast<float>(value));
    if (s.Eat(',')) continue;
    return s.Eat(']');
  }
}

// A vector: a non-empty array of numbers, or a non-empty string of base64 float32 without
// escape sequences; appended to *out.
bool Vector(Scanner& s, std::vector<float>* out) {
  if (!s.At('"')) return NumberArray(s, out);
  std::string_view raw;
  bool escaped = false;
  if (!s.String(&raw, &escaped) || escaped || raw.empty()) return false;
  return AppendFloat32Base64(raw, out);
}

}  // namespace

std::optional<std::vector<float>> TakeFloatArrayField(std::string& json, std::string_view key) {
  std::vector<float> values;
  if (!TakeField(json, key, [&](Scanner& s) { return Vector(s, &values); })) {
    return std::nullopt;
  }
  return values;
}

std::optional<std::vector<std::vector<float>>> TakeFloatArraysField(std::string& json,
                                                                    std::string_view key) {
  std::vector<std::vector<float>> rows;
  auto parse = [&](Scanner& s) {
    if (!s.Eat('[')) return false;
    s.SkipSpace();
    if (s.At(']')) return false;
    while (true) {
      s.SkipSpace();
      std::vector<float>& row = rows.emplace_back();
      if (rows.size() > 1) row.reserve(rows[rows.size() - 2].size());
      if (!Vector(s, &row)) return false;
      if (s.Eat(',')) continue;
      return s.Eat(']');
    }
  };
  if (!TakeField(json, key, parse)) return std::nullopt;
  return rows;
}

}  // namespace lakehouse
