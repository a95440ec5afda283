// Connection: one DuckDB connection (a duckdb_connection) with its own transaction state. DuckDB
// runs one statement at a time per connection; use one connection per concurrent request (see
// ConnectionPool).
//
// Errors from DuckDB become a Status carrying DuckDB's message, with the code mapped as documented
// in sql/duckdb_status.h (syntax/binder → INVALID_ARGUMENT, missing table → NOT_FOUND,
// interrupted → CANCELLED, ...).
//
// Ownership: move-only; disconnects on destruction. Built by Database::Connect().
// Thread-safety: externally synchronised, except Interrupt(), which may be called from any thread
// while another thread runs a statement, provided the Connection outlives the call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/appender.h"
#include "sql/duckdb_fwd.h"
#include "sql/prepared_statement.h"
#include "sql/query_result.h"

namespace lakehouse {

class Connection {
 public:
  explicit Connection(_duckdb_connection* conn) : conn_(conn) {}  // takes ownership
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs `sql` (one or more statements; the result is that of the last) and materialises it.
  Result<QueryResult> Query(std::string_view sql);
  // One SELECT with a streaming result (see PreparedStatement::ExecuteStreaming); nothing else
  // may run on this connection until the result is destroyed.
  Result<QueryResult> QueryStreaming(std::string_view sql);
  // Runs `sql` and discards its result.
  Status Execute(std::string_view sql);
  // Prepares one statement with $1/? or $name parameters.
  Result<PreparedStatement> Prepare(std::string_view sql);
  // How many statements DuckDB's parser finds in `sql` (0 for blank text or only comments).
  // A parse error → INVALID_ARGUMENT.
  Result<uint64_t> CountStatements(std::string_view sql);
  // An appender into `table` (in `schema`, or the default schema when empty).
  Result<Appender> CreateAppender(std::string_view table, std::string_view schema = "");

  // Makes `catalog` (an attached database) the default for unqualified names (`USE`), or the
  // connection's own database again when empty; a no-op when it already is. Restricted access
  // policies read through their own catalog (policy_scope.h).
  Status UseCatalog(std::string_view catalog);
  // The catalog UseCatalog last made the default; "" = the connection's own database.
  const std::string& used_catalog() const { return used_catalog_; }

  // Asks the statement currently running on this connection to stop; it then fails with
  // CANCELLED. A no-op when nothing runs. Thread-safe.
  void Interrupt();

 private:
  _duckdb_connection* conn_ = nullptr;
  std::string used_catalog_;  // "" = own database
  std::string own_catalog_;   // its name, read on the first switch away
};

}  // namespace lakehouse
