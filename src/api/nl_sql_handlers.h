// POST /ai/sql: a question in plain language → one read-only statement written by the configured
// generator, checked and run in the caller's policy scope (nl_sql/nl_sql_service.h).
//
//   {"question", "datasets"?: [..], "model"?, "limit"?}  ?run=false → the SQL only
//   → {"sql", "explanation", "model", "datasets", "attempts", "ran",
//      and when run: "columns", "rows", "row_count", "truncated", "elapsed_ms"}
//
// Thread-safety: thread-safe (the service is).
#pragma once

#include "http/http_types.h"
#include "nl_sql/nl_sql_service.h"

namespace lakehouse {

class NlSqlHandlers {
 public:
  static constexpr int64_t kDefaultLimit = 1000;
  static constexpr int64_t kMaxLimit = 10000;

  explicit NlSqlHandlers(NlSqlService* service) : service_(service) {}

  Result<HttpResponse> Ask(HttpRequest& request);

 private:
  NlSqlService* const service_;
};

}  // namespace lakehouse
