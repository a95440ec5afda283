#include "ingest/schema_merge.h"

#include <cctype>

#include "catalog/type_widening.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

template <typename T>
T* FindByName(std::vector<T>& columns, std::string_view name) {
  for (T& c : columns) {
    if (SameColumnName(c.name, name)) return &c;
  }
  return nullptr;
}

}  // namespace

bool SameColumnName(std::string_view a, std::string_view b) { return EqualsIgnoreAsciiCase(a, b); }

Result<std::vector<ColumnSpec>> MergeColumnSpecs(std::vector<ColumnSpec> acc,
                                                 const std::vector<ColumnSpec>& next) {
  for (const ColumnSpec& column : next) {
    if (ColumnSpec* have = FindByName(acc, column.name)) {
      LH_ASSIGN_OR_RETURN(have->type, UnifiedType(have->type, column.type));
      have->nullable = have->nullable || column.nullable;
    } else {
      acc.push_back(column);
      acc.back().nullable = true;  // absent from the earlier files
    }
  }
  return acc;
}

Result<std::vector<Column>> MergeDatasetColumns(std::vector<Column> existing,
                                                const std::vector<ColumnSpec>& incoming) {
  for (Column& column : existing) {
    bool present = false;
    for (const ColumnSpec& in : incoming) {
      if (!SameColumnName(column.name, in.name)) continue;
      present = true;
      if (NormalizeTypeName(column.type) != NormalizeTypeName(in.type)) {
        LH_ASSIGN_OR_RETURN(column.type, UnifiedType(column.type, in.type));
      }
      column.nullable = column.nullable || in.nullable;
    }
    if (!present) column.nullable = true;  // the new files read as NULL here
  }
  for (const ColumnSpec& in : incoming) {
    if (FindByName(existing, in.name) != nullptr) continue;
    Column column;
    column.name = in.name;
    column.type = in.type;
    existing.push_back(std::move(column));
  }
  return existing;
}

std::vector<Column> ToColumns(const std::vector<ColumnSpec>& specs) {
  std::vector<Column> columns;
  columns.reserve(specs.size());
  for (const ColumnSpec& s : specs) {
    Column column;
    column.name = s.name;
    column.type = s.type;
    column.nullable = s.nullable;
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace lakehouse
