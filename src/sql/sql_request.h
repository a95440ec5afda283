// SqlRequest: one client statement to run (POST /query/sql, /query/paged, exports), typed;
// ParseSqlRequest reads it from a request body at the HTTP edge.
//
// Thread-safety: plain value and a pure function.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/json.h"
#include "common/result.h"
#include "sql/policy_scope.h"

namespace lakehouse {

// Rows a statement may return at most (the "limit" field's upper bound).
inline constexpr int64_t kMaxSqlRowLimit = 1'000'000;

struct SqlRequest {
  std::string sql;
  Json params;                        // null, an array (positional) or an object ($name)
  std::optional<int64_t> limit;       // rows returned; default kDefaultRowLimit
  std::optional<int64_t> timeout_ms;  // capped at DuckDbOptions::max_query_timeout_ms
  // Not part of the body: set by the HTTP handler to the request's client_gone; the watchdog
  // interrupts the statement once it returns true (CANCELLED). Empty → never.
  std::function<bool()> client_gone{};
  // "cache": false bypasses the result cache for this request.
  bool use_cache = true;
  // Not part of the body: the restricted access policy the statement runs for (its own catalog
  // of masked, filtered views and the names it may read; sql/policy_scope.h); null =
  // unrestricted.
  std::shared_ptr<const PolicyScope> scope{};
};

// Parses a request body {"sql", "params"?, "limit"?, "timeout_ms"?, "cache"?}; INVALID_ARGUMENT
// names the bad field (limit must be in [0, kMaxSqlRowLimit]).
Result<SqlRequest> ParseSqlRequest(const Json& body);

}  // namespace lakehouse
