// Schema evolution: how an incoming file's columns differ from a dataset's current columns, and
// whether the file can join the dataset.
//
//   SchemaChanges changes = DiffSchemas(dataset_columns, staged.columns);
//   if (!changes.compatible) return Conflict(DumpJson(SchemaChangesToJson(changes)));
//
// Columns are matched by name case-insensitively (DuckDB identifiers are case-insensitive); a
// matched column whose type differs is a type change, classified by type_widening.h as widening or
// incompatible; an incoming type that fits the existing column as it is (FitsInto: INTEGER values
// into a DOUBLE column, anything into VARCHAR) is no change at all. Of the unmatched columns, a
// removed and an added column are reported as a rename instead when their names are similar
// (name_parts.h, similarity ≥ kRenameThreshold) and the old type widens safely to the new one;
// candidate pairs are taken best first, each column at most once. Nullability is ignored.
//
// Verdict: compatible only when every type change is a safe widening and no column is added,
// removed or renamed. Such changes would fit a by-name merge of the files (missing values read as
// NULL), but they change what the dataset's readers see, so ingest applies them only when the
// client allows a schema change; renames are reported so that the owner can map them.
//
// The one schema diff: ingest decides with it whether a file can join a dataset (and answers a
// 409 with it as "schema_diff"), and the metastore records it in the version log of every
// commit that changes the columns (detail "schema_diff").
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "catalog/column_spec.h"
#include "catalog/dataset.h"
#include "common/json.h"

namespace lakehouse {

inline constexpr double kRenameThreshold = 0.6;

enum class TypeChangeKind { kWidening, kIncompatible };

struct TypeChange {
  std::string name;  // as spelled in the incoming schema
  std::string from;
  std::string to;
  TypeChangeKind kind = TypeChangeKind::kIncompatible;
};

struct ColumnRename {
  std::string from;
  std::string to;
  double confidence = 0;  // name similarity in [kRenameThreshold, 1]
};

struct SchemaChanges {
  std::vector<ColumnSpec> added;    // in incoming order
  std::vector<ColumnSpec> removed;  // in existing order
  std::vector<TypeChange> type_changed;
  std::vector<ColumnRename> renamed;
  bool compatible = true;
  // The columns present on both sides appear in a different relative order. Informational: files
  // are merged by name, so order never makes a change incompatible.
  bool reordered = false;

  bool empty() const {
    return added.empty() && removed.empty() && type_changed.empty() && renamed.empty();
  }
};

// How `incoming` differs from `existing`. kIncomingFile: `incoming` is a file's columns that
// would join a dataset, so a type that fits the existing column as it is (FitsInto) is no change.
// kSchemaChange: `incoming` is the dataset's schema after a commit, so every type change counts
// (DOUBLE → DECIMAL is an incompatible change there, though DECIMAL values fit a DOUBLE column).
enum class DiffMode { kIncomingFile, kSchemaChange };
SchemaChanges DiffSchemas(const std::vector<ColumnSpec>& existing,
                          const std::vector<ColumnSpec>& incoming,
                          DiffMode mode = DiffMode::kIncomingFile);

std::vector<ColumnSpec> ToColumnSpecs(const std::vector<Column>& columns);

// {"added":[{"name","type"}],"removed":[{"name","type"}],
//  "type_changed":[{"name","from","to","widening"}],"renamed":[{"from","to","confidence"}],
//  "compatible":bool} plus "reordered":true when the common columns changed order
Json SchemaChangesToJson(const SchemaChanges& changes);

}  // namespace lakehouse
