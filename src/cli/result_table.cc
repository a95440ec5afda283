#include "cli/result_table.h"

#include <utf8proc.h>

#include <algorithm>

#include "common/strings.h"

namespace lakehouse {
namespace {

// Decodes one code point at `i` (advancing it); -1 for an invalid byte.
utf8proc_int32_t NextCodePoint(std::string_view text, size_t* i) {
  utf8proc_int32_t cp = -1;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data() + *i);
  utf8proc_ssize_t n =
      utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(text.size() - *i), &cp);
  *i += n > 0 ? static_cast<size_t>(n) : 1;
  return n > 0 ? cp : -1;
}

size_t CodePointWidth(utf8proc_int32_t cp) {
  if (cp < 0) return 1;
  const int width = utf8proc_charwidth(cp);
  return width < 0 ? 0 : static_cast<size_t>(width);
}

bool IsNumericType(std::string type) {
  type = AsciiLower(type);
  for (const char* prefix :
       {"tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint", "uinteger",
        "ubigint", "uhugeint", "float", "double", "decimal", "real", "int"}) {
    if (type.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::string Pad(const std::string& cell, size_t width, bool right) {
  const size_t used = DisplayWidth(cell);
  const std::string pad(width > used ? width - used : 0, ' ');
  return right ? pad + cell : cell + pad;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) width += CodePointWidth(NextCodePoint(text, &i));
  return width;
}

std::string TruncateToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const size_t w = CodePointWidth(NextCodePoint(text, &i));
    if (used + w > width - 1) break;  // keep one column for "…"
    out.append(text.substr(start, i - start));
    used += w;
  }
  return out + "…";
}

std::string ResultCell(const Json& value, std::string_view null_text) {
  if (value.is_null()) return std::string(null_text);
  if (!value.is_string()) return DumpJson(value);
  std::string out;
  for (char c : value.get_ref<const std::string&>()) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\x" + std::string(1, "0123456789abcdef"[(c >> 4) & 0xF]) +
                 std::string(1, "0123456789abcdef"[c & 0xF]);
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string RenderResultTable(const std::vector<ResultColumn>& columns, const Json& rows,
                              const ResultTableOptions& options) {
  const size_t n = columns.size();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths(n, 0);
  std::vector<bool> numeric(n, false);
  for (size_t c = 0; c < n; ++c) {
    widths[c] = DisplayWidth(columns[c].name);
    numeric[c] = IsNumericType(columns[c].type);
  }
  if (rows.is_array()) {
    for (const Json& row : rows) {
      std::vector<std::string> line(n);
      for (size_t c = 0; c < n && row.is_array() && c < row.size(); ++c) {
        line[c] = ResultCell(row[c], options.null_text);
        widths[c] = std::max(widths[c], DisplayWidth(line[c]));
      }
      cells.push_back(std::move(line));
    }
  }
  // " a | b " per line: one space each side of every cell, a bar between cells.
  auto total = [&] {
    size_t sum = n > 0 ? 3 * n - 1 : 0;
    for (size_t w : widths) sum += w;
    return sum;
  };
  // Cut the widest columns until the table fits — unless it cannot fit even with every column
  // at the minimum: then it is left whole (no column dropped) for the pager to scroll sideways.
  constexpr size_t kMinColumn = 4;
  size_t narrowest = n > 0 ? 3 * n - 1 : 0;
  for (size_t w : widths) narrowest += std::min(w, kMinColumn);
  if (options.max_width > 0 && narrowest <= options.max_width) {
    while (total() > options.max_width) {
      auto widest = std::max_element(widths.begin(), widths.end());
      if (widest == widths.end() || *widest <= kMinColumn) break;
      --*widest;
    }
  }
  auto line_of = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < n; ++c) {
      if (c > 0) line += "|";
      const std::string cell = TruncateToWidth(row[c], widths[c]);
      line += " " + Pad(cell, widths[c], numeric[c]) + " ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::vector<std::string> titles;
  for (const ResultColumn& column : columns) titles.push_back(column.name);
  std::string out = line_of(titles);
  std::string rule;
  for (size_t c = 0; c < n; ++c) {
    if (c > 0) rule += "+";
    rule += std::string(widths[c] + 2, '-');
  }
  out += rule + "\n";
  for (const auto& row : cells) out += line_of(row);
  if (options.footer) {
    out += "(" + std::to_string(cells.size()) + (cells.size() == 1 ? " row)\n" : " rows)\n");
  }
  return out;
}

}  // namespace lakehouse
