// Handlers for the system endpoints: /health, /ready, /openapi.json, /docs, /metrics.
//
// Thread-safety: thread-safe (reads only; the readiness flag is atomic).
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "http/http_metrics.h"
#include "http/route_table.h"
#include "sql/connection_pool.h"

namespace lakehouse {

class SystemHandlers {
 public:
  // All pointers must outlive the handlers. `routes` is the table these handlers are served from;
  // /openapi.json is generated from it.
  // `loaded` (optional) says whether background start-up work (vector indexes) is done:
  // UNAVAILABLE with what is still loading, else OK.
  SystemHandlers(const RouteTable* routes, HttpMetrics* metrics, ConnectionPool* sql_pool,
                 const std::atomic<bool>* started, std::function<Status()> loaded = {});

  // {"status":"ok","version":…,"duckdb_version":…}. Always open (no API key).
  Result<HttpResponse> Health(HttpRequest& request);
  // 200 {"status":"ready"} once start-up finished, DuckDB answers and nothing is still loading;
  // 503 otherwise (its message says what is still loading; Retry-After).
  Result<HttpResponse> Ready(HttpRequest& request);
  Result<HttpResponse> OpenApi(HttpRequest& request);
  Result<HttpResponse> Metrics(HttpRequest& request);
  // The OpenAPI document as an HTML page (http/openapi.h RenderApiReference).
  Result<HttpResponse> Docs(HttpRequest& request);

 private:
  const RouteTable* routes_;
  HttpMetrics* metrics_;
  ConnectionPool* sql_pool_;
  const std::atomic<bool>* started_;
  std::function<Status()> loaded_;
  std::string duckdb_version_;
};

}  // namespace lakehouse
