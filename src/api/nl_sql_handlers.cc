#include "api/nl_sql_handlers.h"

#include "api/request_audit.h"
#include "api/request_policy.h"
#include "sql/result_json.h"

namespace lakehouse {
namespace {

Result<NlSqlRequest> ParseNlSqlRequest(const HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"question", "datasets", "model", "limit"}));
  NlSqlRequest out;
  LH_ASSIGN_OR_RETURN(out.question, RequiredString(body, "question"));
  if (body.contains("datasets") && !body["datasets"].is_null()) {
    const Json& datasets = body["datasets"];
    if (!datasets.is_array()) return InvalidArgument("field 'datasets' must be an array of names");
    for (const Json& name : datasets) {
      if (!name.is_string()) return InvalidArgument("field 'datasets' must hold strings");
      out.datasets.push_back(name.get<std::string>());
    }
  }
  LH_ASSIGN_OR_RETURN(std::optional<std::string> model, OptionalString(body, "model"));
  out.model = model.value_or("");
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptionalInt(body, "limit"));
  out.limit = limit.value_or(NlSqlHandlers::kDefaultLimit);
  if (out.limit < 1 || out.limit > NlSqlHandlers::kMaxLimit) {
    return InvalidArgument("field 'limit' must be between 1 and ",
                           std::to_string(NlSqlHandlers::kMaxLimit));
  }
  std::optional<std::string> run = request.QueryParam("run");
  if (run && *run != "true" && *run != "false" && *run != "1" && *run != "0") {
    return InvalidArgument("query parameter 'run' must be true or false");
  }
  out.run = !run || *run == "true" || *run == "1";
  out.client_gone = request.client_gone;
  return out;
}

}  // namespace

Result<HttpResponse> NlSqlHandlers::Ask(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(NlSqlRequest ask, ParseNlSqlRequest(request));
  LH_ASSIGN_OR_RETURN(NlSqlAnswer answer, service_->Ask(ask, PolicyOf(request)));
  Json out = answer.result ? RowSetToJson(*answer.result->rows) : Json::object();
  out["sql"] = answer.sql;
  out["explanation"] = answer.explanation;
  out["model"] = answer.model;
  out["datasets"] = answer.datasets;
  out["attempts"] = answer.attempts;
  out["ran"] = answer.result.has_value();
  if (answer.result) out["elapsed_ms"] = answer.result->elapsed_ms;
  if (AuditRecord* audit = AuditOf(request)) {
    audit->sql = answer.sql;
    if (answer.result) audit->row_count = static_cast<int64_t>(answer.result->rows->row_count());
  }
  return HttpResponse::JsonBody(out);
}

}  // namespace lakehouse
