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
#include "storage/bucket_registry.h"

namespace lakehouse {

class SystemHandlers {
 public:
  // All pointers must outlive the handlers. `routes` is the table these handlers are served from;
  // /openapi.json is generated from it.
  // `loaded` (optional) says whether background start-up work (vector indexes) is done:
  // UNAVAILABLE with what is still loading, else OK.
  // `buckets` (optional): /health then reports unreachable s3 buckets and the s3 read cache.
  SystemHandlers(const RouteTable* routes, HttpMetrics* metrics, ConnectionPool* sql_pool,
                 const std::atomic<bool>* started, std::function<Status()> loaded = {},
                 const BucketRegistry* buckets = nullptr);

  // {"status":"ok","version":…,"duckdb_version":…,"storage":{…}}. Always open (no API key).
  // storage.unreachable_buckets lists s3 buckets that do not answer (the server keeps serving
  // the others); storage.s3_cache says whether files held by live views overflow the cache.
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
  const BucketRegistry* const buckets_;
  std::string duckdb_version_;
};

}  // namespace lakehouse
