// ResultTable: a SQL result as psql-style text — a header, a rule, right-aligned numbers, NULL
// shown as NULL (an empty string stays empty), widths measured in terminal columns (East Asian
// wide characters count two, combining marks zero), and, given a width limit, the widest columns
// cut with "…" until the table fits; a table that cannot fit even with every column cut to a few
// characters is left whole (no column is dropped: the shell's pager scrolls it sideways).
// Thread-safety: stateless functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace lakehouse {

struct ResultColumn {
  std::string name;
  std::string type;  // DuckDB's type name: numbers are right-aligned
};

struct ResultTableOptions {
  size_t max_width = 0;  // terminal columns per line; 0 = no limit
  std::string null_text = "NULL";
  bool footer = true;  // "(3 rows)"
};

// Renders columns and rows (each row an array of JSON values, as /query/sql answers).
std::string RenderResultTable(const std::vector<ResultColumn>& columns, const Json& rows,
                              const ResultTableOptions& options = {});

// Terminal columns `text` takes (UTF-8; invalid bytes count one).
size_t DisplayWidth(std::string_view text);

// `text` cut to at most `width` terminal columns, "…" last when it was cut.
std::string TruncateToWidth(std::string_view text, size_t width);

// A value as a cell: strings raw with control characters escaped (a newline is "\n"), numbers
// and booleans as JSON writes them, null as `null_text`, lists and structs as compact JSON.
std::string ResultCell(const Json& value, std::string_view null_text);

}  // namespace lakehouse
