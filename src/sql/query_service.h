// QueryService: runs one read-only SQL statement for the /query/sql endpoint.
//
// The sandbox decides from DuckDB's own statement classification (StatementKind), never by matching
// strings: exactly one statement per request, and only SELECT-like statements and EXPLAIN run
// (DESCRIBE, SHOW and SUMMARIZE parse as SELECT). Anything else → PERMISSION_DENIED. Each query
// runs on a pooled connection under the QueryWatchdog's timeout (default and cap from
// DuckDbOptions) and returns at most `limit` rows as JSON.
//
// Thread-safety: thread-safe; concurrency is bounded by the connection pool.
#pragma once

#include <optional>
#include <string>

#include "common/json.h"
#include "common/result.h"
#include "sql/connection_pool.h"
#include "sql/duckdb_options.h"
#include "sql/query_watchdog.h"

namespace lakehouse {

struct SqlRequest {
  std::string sql;
  Json params;                        // null, an array (positional) or an object ($name)
  std::optional<int64_t> limit;       // rows returned; default kDefaultRowLimit
  std::optional<int64_t> timeout_ms;  // capped at DuckDbOptions::max_query_timeout_ms
};

class QueryService {
 public:
  static constexpr int64_t kDefaultRowLimit = 10'000;
  static constexpr int64_t kMaxRowLimit = 1'000'000;

  // Pointers must outlive the service.
  QueryService(ConnectionPool* pool, QueryWatchdog* watchdog, const DuckDbOptions& options);

  // {"columns":[{"name","type"}],"rows":[[…]],"row_count","truncated","elapsed_ms"}.
  Result<Json> Run(const SqlRequest& request);

  // Parses a request body {"sql", "params"?, "limit"?, "timeout_ms"?}; INVALID_ARGUMENT names the
  // bad field.
  static Result<SqlRequest> ParseRequest(const Json& body);

 private:
  ConnectionPool* pool_;
  QueryWatchdog* watchdog_;
  DuckDbOptions options_;
};

}  // namespace lakehouse
