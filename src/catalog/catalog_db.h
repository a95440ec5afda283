// CatalogDb: a move-only owner of one connection to the catalog database, SQLite or PostgreSQL
// (ADR 018), plus the statement and transaction wrappers built on it (catalog_statement.h,
// catalog_transaction.h). Callers write SQLite-dialect SQL; the PostgreSQL backend translates it.
// Only catalog/sqlite_connection.cc includes sqlite3.h and only pg/ includes libpq-fe.h;
// everything above sees Status/Result.
//
// Thread-safety: a CatalogDb (and every statement prepared on it) is externally synchronised:
// one thread at a time. Distinct connections to the same database may be used concurrently
// (SQLite's WAL mode and PostgreSQL serialise writers; Metastore serialises them earlier, in a
// mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "catalog/catalog_backend.h"
#include "common/result.h"

namespace lakehouse {

class CatalogStatement;

struct SqliteOpenOptions {
  bool read_only = false;
  // How long a connection waits on another connection's lock before SQLITE_BUSY.
  int busy_timeout_ms = 5000;
};

class CatalogDb {
 public:
  // Opens (creating unless read_only) the SQLite file and applies the connection pragmas every
  // connection needs: foreign_keys=ON, busy_timeout, journal_mode=WAL (for read-write opens),
  // synchronous=NORMAL (durable at checkpoint in WAL mode; a crash loses at most the last commits,
  // never consistency).
  static Result<CatalogDb> OpenSqlite(const std::string& path, const SqliteOpenOptions& options);
  // Connects to the PostgreSQL database `url` names (postgresql://… or a libpq key=value string;
  // pg_catalog_connection.cc). `password_file` is libpq's passfile when the URL has no password.
  static Result<CatalogDb> OpenPostgres(const std::string& url, std::string_view password_file);

  explicit CatalogDb(std::unique_ptr<CatalogConnection> connection)
      : connection_(std::move(connection)) {}
  CatalogDb(CatalogDb&& other) noexcept = default;
  CatalogDb& operator=(CatalogDb&& other) noexcept = default;
  CatalogDb(const CatalogDb&) = delete;
  CatalogDb& operator=(const CatalogDb&) = delete;
  ~CatalogDb();

  CatalogDialect dialect() const { return connection_->dialect(); }
  // Runs one or more statements without results (DDL, pragmas, BEGIN/COMMIT).
  Status Execute(std::string_view sql) { return connection_->Execute(sql); }
  // Compiles one statement. The statement must not outlive this database.
  Result<CatalogStatement> Prepare(std::string_view sql);

  // The schema version recorded by migrations (SQLite: PRAGMA user_version; PostgreSQL: the
  // highest row of schema_migrations).
  Result<int64_t> UserVersion() { return connection_->UserVersion(); }
  Status SetUserVersion(int64_t version) { return connection_->SetUserVersion(version); }

  // Rows modified by the most recent INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const { return connection_->Changes(); }
  bool in_transaction() const { return connection_->in_transaction(); }
  bool broken() const { return connection_->broken(); }
  CatalogConnection& connection() { return *connection_; }

 private:
  std::unique_ptr<CatalogConnection> connection_;
};

}  // namespace lakehouse
