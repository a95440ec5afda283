// Schema merging for ingest: the columns several staged files have together, and the dataset's
// columns after an ingest. Columns match by name, case-insensitively; a column present on both
// sides takes UnifiedType of the two types (type_widening.h: the existing type when the incoming
// one widens into it, VARCHAR at worst); columns only on one side are kept (a by-name read of the
// files gives NULL where a file lacks a column), new ones appended in incoming order.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/column_spec.h"
#include "catalog/dataset.h"
#include "common/result.h"

namespace lakehouse {

// Columns of `next` merged into `acc`.
Result<std::vector<ColumnSpec>> MergeColumnSpecs(std::vector<ColumnSpec> acc,
                                                 const std::vector<ColumnSpec>& next);

// The dataset's columns after ingesting files with `incoming` columns. Existing columns keep their
// metadata (description, PII, overrides); only their type may change.
Result<std::vector<Column>> MergeDatasetColumns(std::vector<Column> existing,
                                                const std::vector<ColumnSpec>& incoming);

std::vector<Column> ToColumns(const std::vector<ColumnSpec>& specs);

bool SameColumnName(std::string_view a, std::string_view b);

}  // namespace lakehouse
