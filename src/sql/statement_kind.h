// StatementKind: what a SQL statement does, as DuckDB's parser classifies it. The SQL sandbox
// decides what may run from this, never from matching strings.
#pragma once

#include <string_view>

namespace lakehouse {

enum class StatementKind {
  kSelect,  // SELECT, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE, FROM-first queries
  kExplain,
  kInsert,
  kUpdate,
  kDelete,
  kCreate,
  kDrop,
  kAlter,
  kCopy,
  kExport,
  kAttach,
  kDetach,
  kSet,  // SET / RESET / SET VARIABLE
  kPragma,
  kLoad,  // INSTALL / LOAD
  kTransaction,
  kCall,
  kPrepare,  // PREPARE / EXECUTE
  kOther,
};

std::string_view StatementKindName(StatementKind kind);

}  // namespace lakehouse
