#include "catalog/sqlite_transaction.h"

#include <utility>

#include "common/logging.h"

namespace lakehouse {

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDatabase& db, Mode mode) {
  LH_RETURN_IF_ERROR(db.Execute(mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  return SqliteTransaction(&db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  if (db_ == nullptr || !db_->in_transaction()) return;
  Status status = db_->Execute("ROLLBACK");
  if (!status.ok()) LH_LOG_ERROR("catalog: rollback failed: {}", status.ToString());
}

Status SqliteTransaction::Commit() {
  if (db_ == nullptr) return Internal("transaction already finished");
  Status status = db_->Execute("COMMIT");
  if (status.ok()) db_ = nullptr;
  return status;
}

}  // namespace lakehouse
