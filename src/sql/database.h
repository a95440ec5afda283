// Database: the one embedded DuckDB instance of the process (a duckdb_database), opened from
// DuckDbOptions. Extension auto-install and auto-load are always off: the server has no network at
// run time, and an extension that is not built in must fail clearly instead of trying to download.
//
//   LH_ASSIGN_OR_RETURN(Database db, Database::Open(options.duckdb));
//   LH_ASSIGN_OR_RETURN(Connection conn, db.Connect());
//
// Ownership: move-only; closes the database on destruction. Connections keep DuckDB's instance
// alive internally, but by convention the Database outlives every Connection and ConnectionPool.
// Thread-safety: Connect() is thread-safe; moving/destroying is externally synchronised.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "sql/connection.h"
#include "sql/duckdb_fwd.h"
#include "sql/duckdb_options.h"

namespace lakehouse {

class Database {
 public:
  // Opens `options.database_path` (in-memory when empty) with memory_limit, threads and
  // temp_directory applied when set, then locked down when `options.sandboxed`. An invalid
  // setting or an unopenable file → a Status with DuckDB's message (INVALID_ARGUMENT for bad
  // settings).
  static Result<Database> Open(const DuckDbOptions& options);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // A new connection with its own transaction state.
  Result<Connection> Connect() const;

  // Applies the sandbox of DuckDbOptions::sandboxed now: files only under `allowed_directories`,
  // configuration locked. Irreversible; call once, before serving queries.
  Status LockDown(const std::vector<std::string>& allowed_directories);

 private:
  explicit Database(_duckdb_database* db) : db_(db) {}
  _duckdb_database* db_ = nullptr;
};

// Version of the linked DuckDB library, e.g. "v1.4.4".
std::string DuckDbLibraryVersion();

}  // namespace lakehouse
