#include "catalog/catalog_connection_pool.h"

#include <utility>

#include "common/mutex.h"

namespace lakehouse {

CatalogConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), db_(std::move(other.db_)) {}

CatalogConnectionPool::Lease::~Lease() {
  if (db_ != nullptr) pool_->Release(std::move(db_));
}

CatalogConnectionPool::CatalogConnectionPool(Opener open, size_t max_idle)
    : open_(std::move(open)), max_idle_(max_idle) {}

Result<CatalogConnectionPool::Lease> CatalogConnectionPool::Acquire() {
  {
    MutexLock lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<CatalogDb> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  LH_ASSIGN_OR_RETURN(CatalogDb db, open_());
  return Lease(this, std::make_unique<CatalogDb>(std::move(db)));
}

void CatalogConnectionPool::Release(std::unique_ptr<CatalogDb> db) {
  // A connection returned mid-transaction (an error path) would hand the next user a stale
  // snapshot; close it instead.
  if (db->in_transaction() || db->broken()) return;
  MutexLock lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

}  // namespace lakehouse
