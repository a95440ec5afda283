#include "cli/text_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lakehouse {
namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !IsContinuationByte(static_cast<unsigned char>(c));
  }));
}

void TextTable::Print(std::ostream& out, bool with_titles) const {
  std::vector<size_t> widths;
  for (const Column& c : columns_) widths.push_back(with_titles ? CodePoints(c.title) : 0);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], CodePoints(row[i]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < columns_.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      const std::string pad(widths[i] - CodePoints(cell), ' ');
      if (i > 0) line += "  ";
      line += columns_[i].numeric ? pad + cell : cell + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  };
  std::vector<std::string> titles;
  for (const Column& c : columns_) titles.push_back(c.title);
  if (with_titles) print_row(titles);
  for (const auto& row : rows_) print_row(row);
}

std::string CellText(const Json& value, int decimals) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d)) return DumpJson(value);
    std::string s = fmt::format("{:.{}f}", d, decimals);
    if (s.find('.') != std::string::npos) {
      s.erase(s.find_last_not_of('0') + 1);
      if (s.back() == '.') s.pop_back();
    }
    return s;
  }
  return DumpJson(value);
}

std::string Field(const Json& object, std::string_view field, int decimals) {
  if (!object.is_object()) return "-";
  auto it = object.find(field);
  return it == object.end() ? "-" : CellText(*it, decimals);
}

std::string OneLine(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (!IsContinuationByte(c)) {
      if (chars + (pending_space ? 1 : 0) >= max_chars) return out + "…";
      if (pending_space) {
        out += ' ';
        ++chars;
        pending_space = false;
      }
      ++chars;
    }
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace lakehouse
