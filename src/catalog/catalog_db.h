// CatalogDb: a move-only RAII owner of one sqlite3 connection, plus the statement and
// transaction wrappers built on it (sqlite_statement.h, sqlite_transaction.h). This trio is the
// only code in the project that includes sqlite3.h; everything above it sees Status/Result.
//
// Thread-safety: a CatalogDb (and every statement prepared on it) is externally synchronised:
// one thread at a time. Distinct connections to the same file may be used concurrently (SQLite's
// WAL mode serialises writers in the file lock; Metastore serialises them earlier, in a mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

struct sqlite3;

namespace lakehouse {

class CatalogStatement;

struct SqliteOpenOptions {
  bool read_only = false;
  // How long a connection waits on another connection's lock before SQLITE_BUSY.
  int busy_timeout_ms = 5000;
};

class CatalogDb {
 public:
  // Opens (creating unless read_only) the database file and applies the connection pragmas every
  // connection needs: foreign_keys=ON, busy_timeout, journal_mode=WAL (for read-write opens),
  // synchronous=NORMAL (durable at checkpoint in WAL mode; a crash loses at most the last commits,
  // never consistency).
  static Result<CatalogDb> OpenSqlite(const std::string& path, const SqliteOpenOptions& options);

  CatalogDb(CatalogDb&& other) noexcept;
  CatalogDb& operator=(CatalogDb&& other) noexcept;
  CatalogDb(const CatalogDb&) = delete;
  CatalogDb& operator=(const CatalogDb&) = delete;
  ~CatalogDb();

  // Runs one or more statements without results (DDL, pragmas, BEGIN/COMMIT).
  Status Execute(std::string_view sql);
  // Compiles one statement. The statement must not outlive this database.
  Result<CatalogStatement> Prepare(std::string_view sql);

  // PRAGMA user_version, the schema version recorded by migrations.
  Result<int64_t> UserVersion();
  Status SetUserVersion(int64_t version);

  // Rows modified by the most recent INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const;
  bool in_transaction() const;
  sqlite3* raw() const { return db_; }

 private:
  explicit CatalogDb(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// Maps a SQLite result code to a Status. Constraint violations become ALREADY_EXISTS (UNIQUE /
// PRIMARY KEY) or FAILED_PRECONDITION (FOREIGN KEY / CHECK); BUSY/LOCKED become UNAVAILABLE;
// CORRUPT/NOTADB become DATA_LOSS; anything else INTERNAL. `db` (may be null) supplies the message.
Status SqliteError(sqlite3* db, int rc, std::string_view context);

}  // namespace lakehouse
