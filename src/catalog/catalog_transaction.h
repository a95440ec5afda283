// SqliteTransaction: a scope guard around BEGIN … COMMIT. Rolls back in the destructor unless
// Commit() succeeded, so an early `return status;` can never leave a half-applied change.
//
// Writers use kImmediate (BEGIN IMMEDIATE takes the write lock up front, so two writers never
// deadlock upgrading read locks); readers use kDeferred to get one consistent snapshot across
// several SELECTs.
//
// Thread-safety: externally synchronised, with the connection it was begun on.
#pragma once

#include "catalog/sqlite_database.h"

namespace lakehouse {

class SqliteTransaction {
 public:
  enum class Mode { kDeferred, kImmediate };

  static Result<SqliteTransaction> Begin(SqliteDatabase& db, Mode mode);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  // Commits; on failure the transaction is rolled back (by SQLite or by the destructor).
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDatabase* db) : db_(db) {}
  SqliteDatabase* db_;  // null once committed, rolled back or moved from
};

}  // namespace lakehouse
