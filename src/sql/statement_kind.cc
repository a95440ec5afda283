#include "sql/statement_kind.h"

namespace lakehouse {

std::string_view StatementKindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kSelect:
      return "SELECT";
    case StatementKind::kExplain:
      return "EXPLAIN";
    case StatementKind::kInsert:
      return "INSERT";
    case StatementKind::kUpdate:
      return "UPDATE";
    case StatementKind::kDelete:
      return "DELETE";
    case StatementKind::kCreate:
      return "CREATE";
    case StatementKind::kDrop:
      return "DROP";
    case StatementKind::kAlter:
      return "ALTER";
    case StatementKind::kCopy:
      return "COPY";
    case StatementKind::kExport:
      return "EXPORT";
    case StatementKind::kAttach:
      return "ATTACH";
    case StatementKind::kDetach:
      return "DETACH";
    case StatementKind::kSet:
      return "SET";
    case StatementKind::kPragma:
      return "PRAGMA";
    case StatementKind::kLoad:
      return "LOAD";
    case StatementKind::kTransaction:
      return "TRANSACTION";
    case StatementKind::kCall:
      return "CALL";
    case StatementKind::kPrepare:
      return "PREPARE";
    case StatementKind::kOther:
      return "OTHER";
  }
  return "OTHER";
}

}  // namespace lakehouse
