// Human-readable output of the client commands: aligned text tables and JSON values as cells.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace lakehouse {

// A table printed with columns padded to their widest cell (measured in code points). Columns
// marked numeric are right-aligned. Thread-safety: plain value.
class TextTable {
 public:
  struct Column {
    std::string title;
    bool numeric = false;
  };
  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // A row with fewer cells than columns is padded with empty cells.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  // Prints the title row (unless `with_titles` is false), then the rows.
  void Print(std::ostream& out, bool with_titles = true) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// A JSON value as a table cell: strings unquoted, null or missing as "-", numbers as JSON writes
// them (doubles with at most `decimals` decimals), anything else compact JSON.
std::string CellText(const Json& value, int decimals = 3);
// The member `field` of `object` as a cell; "-" when `object` has no such member.
std::string Field(const Json& object, std::string_view field, int decimals = 3);

// `text` on one line (whitespace runs become one space), cut to at most `max_chars` code points
// with "…" appended when it was longer. Never splits a UTF-8 sequence.
std::string OneLine(std::string_view text, size_t max_chars);

// Number of UTF-8 code points in `text`.
size_t CodePoints(std::string_view text);

}  // namespace lakehouse
