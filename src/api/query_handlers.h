// Handlers for /query/*: SQL over the datasets through the read-only QueryService.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include "access/dataset_authorizer.h"
#include "access/policy_views.h"
#include "http/http_types.h"
#include "sql/query_pager.h"
#include "sql/query_service.h"
#include "table/compactor.h"
#include "table/hot_cache.h"

namespace lakehouse {

class QueryHandlers {
 public:
  // Compaction and hot-cache pins change a dataset's files or memory: they need write on it
  // (`authorizer`). Statements run as the request's policy (PolicyOf): restricted ones through
  // `policy_views`.
  QueryHandlers(QueryService* queries, QueryPager* pager, Compactor* compactor, HotCache* hot_cache,
                const DatasetAuthorizer* authorizer, PolicyViews* policy_views)
      : queries_(queries),
        pager_(pager),
        compactor_(compactor),
        hot_cache_(hot_cache),
        authorizer_(authorizer),
        policy_views_(policy_views) {}

  // POST /query/sql {"sql", "params"?, "limit"?, "timeout_ms"?, "cache"?}. With `Accept: text/csv`
  // or `Accept: application/vnd.apache.parquet` the whole result (no row limit) is streamed in
  // that format instead of the JSON document (never from the result cache).
  Result<HttpResponse> Sql(HttpRequest& request);
  // POST /query/paged {"sql", "params"?, "timeout_ms"?, "page_size"?} → {"query_id",
  // "total_rows", "pages", "page_size", "truncated", "columns"}
  Result<HttpResponse> Paged(HttpRequest& request);
  // GET /query/page/{id}/{page}?size=N (page 0-based, size default 100)
  Result<HttpResponse> Page(HttpRequest& request);
  // POST /query/compact {"dataset"} → {"compacted","version","files_removed","rows"}
  Result<HttpResponse> Compact(HttpRequest& request);
  // POST /query/cache/pin {"dataset"} → the dataset's cache entry {"dataset","rows","bytes",...}
  Result<HttpResponse> CachePin(HttpRequest& request);
  // POST /query/cache/evict {"dataset"} → {"evicted": name}; NOT_FOUND when it is not pinned
  Result<HttpResponse> CacheEvict(HttpRequest& request);
  // GET /query/cache/stats → {"datasets":[...], "rows", "bytes", "budget_bytes", "hits", "misses",
  // "result_cache": {"enabled", "entries", "bytes", "budget_bytes", "max_result_bytes", "hits",
  // "misses", "uncacheable"}}
  Result<HttpResponse> CacheStats(HttpRequest& request);

 private:
  QueryService* queries_;
  QueryPager* pager_;
  Compactor* compactor_;
  HotCache* hot_cache_;
  const DatasetAuthorizer* authorizer_;
  PolicyViews* policy_views_;
};

}  // namespace lakehouse
