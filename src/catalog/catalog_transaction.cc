#include "catalog/catalog_transaction.h"

#include <utility>

#include "common/logging.h"

namespace lakehouse {

Result<CatalogTransaction> CatalogTransaction::Begin(CatalogDb& db, Mode mode) {
  LH_RETURN_IF_ERROR(db.connection().Begin(mode == Mode::kImmediate));
  return CatalogTransaction(&db);
}

CatalogTransaction::CatalogTransaction(CatalogTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

CatalogTransaction::~CatalogTransaction() {
  if (db_ == nullptr || !db_->in_transaction() || db_->broken()) return;
  Status status = db_->Execute("ROLLBACK");
  if (!status.ok()) LH_LOG_ERROR("catalog: rollback failed: {}", status.ToString());
}

Status CatalogTransaction::Commit() {
  if (db_ == nullptr) return Internal("transaction already finished");
  Status status = db_->Execute("COMMIT");
  if (status.ok()) db_ = nullptr;
  return status;
}

}  // namespace lakehouse
