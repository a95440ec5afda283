// CatalogConnectionPool: reusable read connections to one catalog database, opened by `open`.
// Acquire() hands out an idle connection (or opens a new one) as a Lease that returns it to the
// pool when destroyed. At most `max_idle` connections are kept; more may be open at once under
// load.
//
// Thread-safety: thread-safe. A Lease, like the connection it wraps, is used by one thread at a
// time. The pool must outlive its leases.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog_db.h"
#include "common/mutex.h"

namespace lakehouse {

class CatalogConnectionPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    CatalogDb& db() { return *db_; }

   private:
    friend class CatalogConnectionPool;
    Lease(CatalogConnectionPool* pool, std::unique_ptr<CatalogDb> db)
        : pool_(pool), db_(std::move(db)) {}
    CatalogConnectionPool* pool_;
    std::unique_ptr<CatalogDb> db_;
  };

  using Opener = std::function<Result<CatalogDb>()>;
  CatalogConnectionPool(Opener open, size_t max_idle);

  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<CatalogDb> db);

  const Opener open_;
  const size_t max_idle_;
  Mutex mu_;
  std::vector<std::unique_ptr<CatalogDb>> idle_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
