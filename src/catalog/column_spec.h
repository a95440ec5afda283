// ColumnSpec: one column of a staged file or of a dataset schema, as ingest sees it.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <string>

namespace lakehouse {

struct ColumnSpec {
  std::string name;
  std::string type;  // DuckDB SQL spelling, e.g. "BIGINT", "VARCHAR[]", "STRUCT(x BIGINT)[]"
  // Whether the column may hold NULL. For a staged file: true when the file contains a NULL in it
  // (or has no rows). Schema diffs ignore it.
  bool nullable = true;
  friend bool operator==(const ColumnSpec&, const ColumnSpec&) = default;
};

}  // namespace lakehouse
