#include "sql/sql_error_position.h"

#include <string>

#include "common/status_detail.h"

namespace lakehouse {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The code point starting at `at` (invalid UTF-8 reads as one byte each), and its length.
char32_t DecodeAt(std::string_view s, size_t at, size_t* length) {
  const unsigned char c = static_cast<unsigned char>(s[at]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (at + n > s.size()) n = 1;
  for (size_t i = 1; i < n; ++i) {
    if (!IsContinuation(static_cast<unsigned char>(s[at + i]))) n = 1;
  }
  *length = n;
  if (n == 1) return c;
  char32_t cp = c & (0x7F >> n);
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[at + i]) & 0x3F);
  return cp;
}

// The cells DuckDB renders a code point in (utf8proc_charwidth, for the ranges SQL text holds):
// none for control characters and combining marks, two for East Asian wide ones and emoji.
int RenderWidth(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;
  }
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
      (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
      (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
      (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

bool IsNewline(char c) { return c == '\n' || c == '\r'; }

// Byte offset of the start of DuckDB's line `line` (1-based, a line per '\r' or '\n').
std::optional<size_t> DuckDbLineStart(std::string_view sql, int64_t line) {
  size_t at = 0;
  for (int64_t n = 1; n < line; ++n) {
    while (at < sql.size() && !IsNewline(sql[at])) ++at;
    if (at == sql.size()) return std::nullopt;
    ++at;
  }
  return at;
}

// The position of byte `byte` of `sql` (at a code point's start).
SqlPosition PositionAtByte(std::string_view sql, size_t byte) {
  SqlPosition p;
  for (size_t at = 0; at < byte && at < sql.size();) {
    size_t length = 1;
    const char32_t cp = DecodeAt(sql, at, &length);
    ++p.offset;
    if (cp == '\n' || (cp == '\r' && (at + 1 >= sql.size() || sql[at + 1] != '\n'))) {
      ++p.line;
      p.column = 1;
    } else if (cp != '\r') {
      ++p.column;
    }
    at += length;
  }
  return p;
}

}  // namespace

std::optional<SqlPosition> PositionAtCharacter(std::string_view sql, int64_t char_offset) {
  if (char_offset < 0) return std::nullopt;
  size_t at = 0;
  for (int64_t n = 0; n < char_offset; ++n) {
    if (at >= sql.size()) return std::nullopt;
    size_t length = 1;
    DecodeAt(sql, at, &length);
    at += length;
  }
  if (at > sql.size()) return std::nullopt;
  return PositionAtByte(sql, at);
}

std::optional<SqlPosition> PositionFromCaret(std::string_view sql, std::string_view message) {
  const size_t line_at = message.rfind("\nLINE ");
  if (line_at == std::string_view::npos) return std::nullopt;
  std::string_view rest = message.substr(line_at + 1);
  const size_t colon = rest.find(": ");
  const size_t end = rest.find('\n');
  if (colon == std::string_view::npos || end == std::string_view::npos || colon > end) {
    return std::nullopt;
  }
  int64_t line = 0;
  for (char c : rest.substr(5, colon - 5)) {
    if (c < '0' || c > '9') return std::nullopt;
    line = line * 10 + (c - '0');
  }
  std::string_view shown = rest.substr(colon + 2, end - colon - 2);
  std::string_view caret_line = rest.substr(end + 1);
  const size_t caret = caret_line.find_first_not_of(' ');
  if (caret == std::string_view::npos || caret_line[caret] != '^') return std::nullopt;
  int64_t cells = static_cast<int64_t>(caret) - static_cast<int64_t>(colon + 2);

  const std::optional<size_t> start = DuckDbLineStart(sql, line);
  if (!start) return std::nullopt;
  size_t stop = *start;
  while (stop < sql.size() && !IsNewline(sql[stop])) ++stop;
  const std::string_view text = sql.substr(*start, stop - *start);

  // DuckDB shows a window of a long line, with "..." where it cut.
  size_t from = 0;
  if (shown.starts_with("...") && !text.starts_with("...")) {
    shown.remove_prefix(3);
    cells -= 3;
    size_t found = text.find(shown);
    if (found == std::string_view::npos && shown.ends_with("...")) {
      shown.remove_suffix(3);
      found = text.find(shown);
    }
    if (found == std::string_view::npos) return std::nullopt;
    from = found;
  } else if (!text.starts_with(shown) &&
             !(shown.ends_with("...") && text.starts_with(shown.substr(0, shown.size() - 3)))) {
    return std::nullopt;  // not the text DuckDB was given
  }
  if (cells < 0) return std::nullopt;
  size_t at = from;
  while (cells > 0 && at < text.size()) {
    size_t length = 1;
    cells -= RenderWidth(DecodeAt(text, at, &length));
    at += length;
  }
  if (cells > 0) return std::nullopt;
  // Characters without width (a tab) take no cell before the caret; no token starts with one.
  for (size_t length = 1; at < text.size(); at += length) {
    if (RenderWidth(DecodeAt(text, at, &length)) != 0) break;
  }
  return PositionAtByte(sql, *start + at);
}

Status WithSqlPosition(const Status& status, std::string_view sql,
                       std::optional<int64_t> char_offset) {
  if (status.code() != StatusCode::kInvalidArgument && status.code() != StatusCode::kNotFound) {
    return status;
  }
  std::optional<SqlPosition> p = char_offset ? PositionAtCharacter(sql, *char_offset)
                                             : PositionFromCaret(sql, status.message());
  if (!p) return status;
  return WithDetail(status, "position",
                    Json{{"line", p->line}, {"column", p->column}, {"offset", p->offset}});
}

}  // namespace lakehouse
