// The two halves every catalog database backend implements (ADR 018): a connection and a prepared
// statement. CatalogDb and CatalogStatement (catalog_db.h, catalog_statement.h) are the value
// types the rest of the project uses; they own one of these and forward to it. Backends:
// SqliteConnection (sqlite_connection.h) and PgCatalogConnection (pg_catalog_connection.h).
//
// SQL given to Execute and Prepare is SQLite's dialect; a backend for another database translates
// it (pg_dialect.h).
//
// Thread-safety: externally synchronised; a statement together with its connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

enum class CatalogDialect { kSqlite, kPostgres };

class CatalogStatementBackend {
 public:
  virtual ~CatalogStatementBackend() = default;
  virtual Status BindText(int index, std::string_view value) = 0;
  virtual Status BindInt(int index, int64_t value) = 0;
  virtual Status BindDouble(int index, double value) = 0;
  virtual Status BindNull(int index) = 0;
  virtual Result<bool> Step() = 0;
  virtual void Reset() = 0;
  virtual bool ColumnIsNull(int index) const = 0;
  virtual std::string ColumnText(int index) const = 0;
  virtual int64_t ColumnInt(int index) const = 0;
  virtual double ColumnDouble(int index) const = 0;
};

class CatalogConnection {
 public:
  virtual ~CatalogConnection() = default;
  virtual CatalogDialect dialect() const = 0;
  virtual Status Execute(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<CatalogStatementBackend>> Prepare(std::string_view sql) = 0;
  // Starts a transaction: a read snapshot, or (immediate) the catalog's single writer.
  virtual Status Begin(bool immediate) = 0;
  virtual Result<int64_t> UserVersion() = 0;
  virtual Status SetUserVersion(int64_t version) = 0;
  virtual int64_t Changes() const = 0;
  virtual bool in_transaction() const = 0;
  // True when the connection was lost and must be reopened (a server restarted).
  virtual bool broken() const = 0;
};

}  // namespace lakehouse
