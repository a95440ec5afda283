#include "api/query_handlers.h"

namespace lakehouse {

Result<HttpResponse> QueryHandlers::Sql(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(SqlRequest sql, QueryService::ParseRequest(body));
  LH_ASSIGN_OR_RETURN(Json result, queries_->Run(sql));
  return HttpResponse::JsonBody(result);
}

}  // namespace lakehouse
