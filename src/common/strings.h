// String vocabulary shared by every subsystem (Abseil's absl/strings in miniature): ASCII case
// folding, joining and strict integer parsing, so call sites stop hand-rolling them.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lakehouse {

// `s` with A-Z mapped to a-z; every other byte (UTF-8 included) unchanged. Locale-independent.
std::string AsciiLower(std::string_view s);
// True when `a` and `b` are equal after AsciiLower.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

// The elements of `items` (anything iterable whose elements convert to std::string_view) with
// `separator` between them: StrJoin({"a", "b"}, ", ") == "a, b".
template <typename Range>
std::string StrJoin(const Range& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.append(separator);
    first = false;
    out.append(std::string_view(item));
  }
  return out;
}

// The whole of `text` as a base-10 int64: an optional '-' and digits, nothing else (no spaces,
// no '+', no trailing bytes). nullopt when malformed or out of range.
std::optional<int64_t> ParseInt64(std::string_view text);

// `text` with &, <, > and " written as entities: safe as XML or HTML text and attribute values.
std::string XmlEscaped(std::string_view text);

}  // namespace lakehouse
