// Schema evolution helpers for commits that change a dataset's columns.
//
// MergeColumns carries owner-maintained metadata across a schema change: a column keeping its
// name (case-insensitively) keeps its description, PII tag and sensitivity override unless the
// incoming column sets its own. SchemaDiff describes the change for the version log:
//   {"added":[{"name","type"}], "removed":["name"], "type_changed":[{"name","from","to"}],
//    "reordered": bool}
// or null when names, types and order are all unchanged.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <vector>

#include "catalog/dataset.h"
#include "common/json.h"

namespace lakehouse {

std::vector<Column> MergeColumns(const std::vector<Column>& current, std::vector<Column> incoming);
Json SchemaDiff(const std::vector<Column>& before, const std::vector<Column>& after);

}  // namespace lakehouse
