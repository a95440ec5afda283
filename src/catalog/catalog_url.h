// Where the catalog lives (`catalog.url`, ADR 018): SQLite at a path, or a PostgreSQL database.
//   ""                         SQLite at <data_dir>/catalog.db (the default)
//   sqlite:<path>              SQLite at <path> (relative paths resolve against <data_dir>)
//   postgresql://… postgres://…  PostgreSQL (user, host, port, database, sslmode …; the password
//                              from the URL, postgres.password_file or ~/.pgpass)
// Describe() never shows a password.
//
// Thread-safety: an immutable value; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog_db.h"
#include "common/result.h"

namespace lakehouse {

struct CatalogLocation {
  CatalogDialect dialect = CatalogDialect::kSqlite;
  std::string sqlite_path;    // kSqlite
  std::string postgres_url;   // kPostgres, as given (may hold a password)
  std::string password_file;  // kPostgres: libpq's passfile when the URL has no password

  std::string Describe() const;  // "sqlite:/data/catalog.db" or the redacted URL
};

// INVALID_ARGUMENT for another scheme or a URL libpq cannot parse.
Result<CatalogLocation> ParseCatalogUrl(std::string_view url, const std::string& data_dir);

// Opens one connection. SQLite honours `read_only` and `busy_timeout_ms`; PostgreSQL connections
// are all read-write (read transactions are READ ONLY instead).
Result<CatalogDb> OpenCatalogDb(const CatalogLocation& location, bool read_only,
                                int busy_timeout_ms);

}  // namespace lakehouse
