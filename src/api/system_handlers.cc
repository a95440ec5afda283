#include "api/system_handlers.h"

#include "common/version.h"
#include "http/openapi.h"
#include "http/status_mapping.h"
#include "sql/database.h"

namespace lakehouse {

SystemHandlers::SystemHandlers(const RouteTable* routes, HttpMetrics* metrics,
                               ConnectionPool* sql_pool, const std::atomic<bool>* started,
                               std::function<Status()> loaded, const BucketRegistry* buckets)
    : routes_(routes),
      metrics_(metrics),
      sql_pool_(sql_pool),
      started_(started),
      loaded_(std::move(loaded)),
      buckets_(buckets),
      duckdb_version_(DuckDbLibraryVersion()) {}

Result<HttpResponse> SystemHandlers::Health(HttpRequest&) {
  Json body{{"status", "ok"}, {"version", kVersion}, {"duckdb_version", duckdb_version_}};
  if (buckets_ != nullptr) {
    Json unreachable = Json::array();
    for (const BucketInfo& bucket : buckets_->List()) {
      if (!bucket.reachable)
        unreachable.push_back({{"bucket", bucket.name}, {"error", bucket.error}});
    }
    const ObjectCacheStats cache = buckets_->s3_cache_stats();
    body["storage"] = {{"unreachable_buckets", std::move(unreachable)},
                       {"s3_cache",
                        {{"bytes", cache.bytes},
                         {"capacity_bytes", cache.capacity_bytes},
                         {"entries", cache.entries},
                         {"held_bytes", cache.held_bytes},
                         {"held_entries", cache.held_entries},
                         {"evictions", cache.evictions},
                         {"over_capacity", cache.over_capacity}}}};
  }
  return HttpResponse::JsonBody(body);
}

Result<HttpResponse> SystemHandlers::Ready(HttpRequest& request) {
  if (!started_->load()) return Unavailable("server is starting");
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, sql_pool_->Acquire(std::chrono::milliseconds(2000)));
  LH_RETURN_IF_ERROR(lease->Execute("SELECT 1"));
  if (loaded_) {
    if (Status loaded = loaded_(); !loaded.ok()) {
      HttpResponse response = ErrorResponse(loaded, request.request_id);
      response.headers.emplace("Retry-After", "1");
      return response;
    }
  }
  return HttpResponse::JsonBody({{"status", "ready"}});
}

Result<HttpResponse> SystemHandlers::OpenApi(HttpRequest&) {
  return HttpResponse::JsonBody(BuildOpenApi(*routes_, kVersion));
}

Result<HttpResponse> SystemHandlers::Docs(HttpRequest&) {
  return HttpResponse::Text(RenderApiReference(BuildOpenApi(*routes_, kVersion)),
                            "text/html; charset=utf-8");
}

Result<HttpResponse> SystemHandlers::Metrics(HttpRequest&) {
  return HttpResponse::Text(metrics_->RenderPrometheus(), "text/plain; version=0.0.4");
}

}  // namespace lakehouse
