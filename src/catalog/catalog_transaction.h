// CatalogTransaction: a scope guard around BEGIN … COMMIT. Rolls back in the destructor unless
// Commit() succeeded, so an early `return status;` can never leave a half-applied change.
//
// Writers use kImmediate: the catalog's single writer, taken up front (SQLite: BEGIN IMMEDIATE, so
// two writers never deadlock upgrading read locks; PostgreSQL: an advisory transaction lock shared
// by every node, ADR 018). Readers use kDeferred to get one consistent snapshot across several
// SELECTs (PostgreSQL: REPEATABLE READ, READ ONLY).
//
// Thread-safety: externally synchronised, with the connection it was begun on.
#pragma once

#include "catalog/catalog_db.h"

namespace lakehouse {

class CatalogTransaction {
 public:
  enum class Mode { kDeferred, kImmediate };

  static Result<CatalogTransaction> Begin(CatalogDb& db, Mode mode);

  CatalogTransaction(CatalogTransaction&& other) noexcept;
  CatalogTransaction& operator=(CatalogTransaction&&) = delete;
  CatalogTransaction(const CatalogTransaction&) = delete;
  CatalogTransaction& operator=(const CatalogTransaction&) = delete;
  ~CatalogTransaction();

  // Commits; on failure the transaction is rolled back (by SQLite or by the destructor).
  Status Commit();

 private:
  explicit CatalogTransaction(CatalogDb* db) : db_(db) {}
  CatalogDb* db_;  // null once committed, rolled back or moved from
};

}  // namespace lakehouse
