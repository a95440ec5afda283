#include "sql/sql_request.h"

namespace lakehouse {

Result<SqlRequest> ParseSqlRequest(const Json& body) {
  SqlRequest request;
  LH_ASSIGN_OR_RETURN(request.sql, RequiredString(body, "sql"));
  if (auto it = body.find("params"); it != body.end() && !it->is_null()) {
    if (!it->is_array() && !it->is_object()) {
      return InvalidArgument("field 'params' must be an array or an object");
    }
    request.params = *it;
  }
  LH_ASSIGN_OR_RETURN(request.limit, OptionalInt(body, "limit"));
  LH_ASSIGN_OR_RETURN(request.timeout_ms, OptionalInt(body, "timeout_ms"));
  LH_ASSIGN_OR_RETURN(std::optional<bool> cache, OptionalBool(body, "cache"));
  request.use_cache = cache.value_or(true);
  if (request.limit && (*request.limit < 0 || *request.limit > kMaxSqlRowLimit)) {
    return InvalidArgument("field 'limit' must be between 0 and ", std::to_string(kMaxSqlRowLimit));
  }
  return request;
}

}  // namespace lakehouse
