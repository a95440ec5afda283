// MergeColumns carries owner-maintained metadata across a schema change: a column keeping its
// name (case-insensitively) keeps its description, PII tag and sensitivity override unless the
// incoming column sets its own. (What changed is described by schema_changes.h.)
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <vector>

#include "catalog/dataset.h"

namespace lakehouse {

std::vector<Column> MergeColumns(const std::vector<Column>& current, std::vector<Column> incoming);

}  // namespace lakehouse
