// Handlers for /query/*: SQL over the datasets through the read-only QueryService.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include "http/http_types.h"
#include "sql/query_service.h"

namespace lakehouse {

class QueryHandlers {
 public:
  explicit QueryHandlers(QueryService* queries) : queries_(queries) {}

  // POST /query/sql {"sql", "params"?, "limit"?, "timeout_ms"?}
  Result<HttpResponse> Sql(HttpRequest& request);

 private:
  QueryService* queries_;
};

}  // namespace lakehouse
