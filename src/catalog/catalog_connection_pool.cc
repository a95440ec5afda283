#include "catalog/sqlite_connection_pool.h"

#include <utility>

#include "common/mutex.h"

namespace lakehouse {

SqliteConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), db_(std::move(other.db_)) {}

SqliteConnectionPool::Lease::~Lease() {
  if (db_ != nullptr) pool_->Release(std::move(db_));
}

SqliteConnectionPool::SqliteConnectionPool(std::string path, SqliteOpenOptions options,
                                           size_t max_idle)
    : path_(std::move(path)), options_(options), max_idle_(max_idle) {}

Result<SqliteConnectionPool::Lease> SqliteConnectionPool::Acquire() {
  {
    MutexLock lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<SqliteDatabase> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  LH_ASSIGN_OR_RETURN(SqliteDatabase db, SqliteDatabase::Open(path_, options_));
  return Lease(this, std::make_unique<SqliteDatabase>(std::move(db)));
}

void SqliteConnectionPool::Release(std::unique_ptr<SqliteDatabase> db) {
  // A connection returned mid-transaction (an error path) would hand the next user a stale
  // snapshot; close it instead.
  if (db->in_transaction()) return;
  MutexLock lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

}  // namespace lakehouse
