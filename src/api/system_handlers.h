// Handlers for the system endpoints: /health, /ready, /openapi.json, /metrics.
//
// Thread-safety: thread-safe (reads only; the readiness flag is atomic).
#pragma once

#include <atomic>
#include <string>

#include "http/http_metrics.h"
#include "http/route_table.h"
#include "sql/connection_pool.h"

namespace lakehouse {

class SystemHandlers {
 public:
  // All pointers must outlive the handlers. `routes` is the table these handlers are served from;
  // /openapi.json is generated from it.
  SystemHandlers(const RouteTable* routes, HttpMetrics* metrics, ConnectionPool* sql_pool,
                 const std::atomic<bool>* started);

  // {"status":"ok","version":…,"duckdb_version":…}. Always open (no API key).
  Result<HttpResponse> Health(HttpRequest& request);
  // 200 {"status":"ready"} once start-up finished and DuckDB answers; 503 otherwise.
  Result<HttpResponse> Ready(HttpRequest& request);
  Result<HttpResponse> OpenApi(HttpRequest& request);
  Result<HttpResponse> Metrics(HttpRequest& request);

 private:
  const RouteTable* routes_;
  HttpMetrics* metrics_;
  ConnectionPool* sql_pool_;
  const std::atomic<bool>* started_;
  std::string duckdb_version_;
};

}  // namespace lakehouse
