#include "common/json_float_array.h"

#include <charconv>
#include <utility>

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
    const char* q = p_;
    if (q < end_ && *q == '-') ++q;
    if (q == end_ || !IsDigit(*q)) return false;
    if (*q == '0') {
      ++q;
    } else {
      while (q < end_ && IsDigit(*q)) ++q;
    }
    if (q < end_ && *q == '.') {
      ++q;
      if (q == end_ || !IsDigit(*q)) return false;
      while (q < end_ && IsDigit(*q)) ++q;
    }
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      if (q == end_ || !IsDigit(*q)) return false;
      while (q < end_ && IsDigit(*q)) ++q;
    }
    auto [ptr, ec] = std::from_chars(p_, q, *out);
    if (ec != std::errc() || ptr != q) return false;
    p_ = q;
    return true;
  }

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
};

}  // namespace

std::optional<std::vector<float>> TakeFloatArrayField(std::string& json, std::string_view key) {
  Scanner s(json.data(), json.data() + json.size());
  if (!s.Eat('{')) return std::nullopt;
  std::optional<std::pair<size_t, size_t>> span;  // [begin, end) of the array
  std::vector<float> values;
  s.SkipSpace();
  if (s.At('}')) return std::nullopt;
  while (true) {
    s.SkipSpace();
    std::string_view name;
    bool escaped = false;
    if (!s.String(&name, &escaped) || escaped) return std::nullopt;
    if (!s.Eat(':')) return std::nullopt;
    s.SkipSpace();
    if (name == key) {
      if (span || !s.At('[')) return std::nullopt;
      const size_t begin = s.offset();
      s.Eat('[');
      s.SkipSpace();
      if (s.At(']')) return std::nullopt;
      while (true) {
        double value = 0;
        if (!s.Number(&value)) return std::nullopt;
        values.push_back(static_cast<float>(value));
        if (s.Eat(',')) continue;
        if (s.Eat(']')) break;
        return std::nullopt;
      }
      span.emplace(begin, s.offset());
    } else if (!s.SkipValue()) {
      return std::nullopt;
    }
    if (s.Eat(',')) continue;
    if (s.Eat('}')) break;
    return std::nullopt;
  }
  s.SkipSpace();
  if (!s.AtEnd() || !span) return std::nullopt;
  json.replace(span->first, span->second - span->first, "null");
  return values;
}

}  // namespace lakehouse
