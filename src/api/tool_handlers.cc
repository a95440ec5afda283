#include "api/tool_handlers.h"

#include <algorithm>

#include "api/request_audit.h"
#include "api/request_policy.h"

namespace lakehouse {
namespace {

Json WithSchema(const ToolDefinition& tool) {
  Json out = ToolDefinitionToJson(tool);
  out["input_schema"] = ToolInputSchema(tool);
  return out;
}

}  // namespace

Result<HttpResponse> ToolHandlers::List(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(std::vector<ToolDefinition> tools, tools_->List(PolicyOf(request)));
  Json out = Json::array();
  for (const ToolDefinition& tool : tools) out.push_back(WithSchema(tool));
  return HttpResponse::JsonBody(Json{{"tools", std::move(out)}});
}

Result<HttpResponse> ToolHandlers::Get(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(ToolDefinition tool,
                      tools_->Get(PolicyOf(request), request.PathParam("name")));
  return HttpResponse::JsonBody(WithSchema(tool));
}

Result<HttpResponse> ToolHandlers::Create(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  for (const char* set_by_server : {"datasets", "source", "created_by", "created_at"}) {
    if (body.contains(set_by_server)) {
      return InvalidArgument("field '", set_by_server, "' is set by the server");
    }
  }
  LH_ASSIGN_OR_RETURN(ToolDefinition tool, ToolDefinitionFromJson(body));
  LH_ASSIGN_OR_RETURN(tool, tools_->Define(PolicyOf(request), std::move(tool)));
  return HttpResponse::JsonBody(WithSchema(tool), 201);
}

Result<HttpResponse> ToolHandlers::Delete(HttpRequest& request) {
  const std::string& name = request.PathParam("name");
  LH_RETURN_IF_ERROR(tools_->Delete(PolicyOf(request), name));
  return HttpResponse::JsonBody(Json{{"deleted", name}});
}

Result<HttpResponse> ToolHandlers::Call(HttpRequest& request) {
  Json arguments;
  if (!request.body.empty()) {
    LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
    if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
    LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"arguments"}));
    if (body.contains("arguments")) arguments = body["arguments"];
  }
  LH_ASSIGN_OR_RETURN(ToolCallResult result, tools_->Call(ToolCaller{&PolicyOf(request), "http"},
                                                          request.PathParam("name"), arguments));
  if (AuditRecord* audit = AuditOf(request)) {
    audit->row_count = static_cast<int64_t>(result.rows->row_count());
    audit->sql = "tool " + result.tool + " " + result.fingerprint;
    // The subjects the call returned (the subject audit's reads), resolved like /query/sql's
    // rows and /vectors/search's hits: off the request path, by the log.
    for (const std::string& dataset : result.datasets) audit->AddDataset(dataset);
    if (!result.datasets.empty()) audit->result_rows = result.rows;
    if (!result.index.empty()) {
      audit->index_name = result.index;
      for (const std::string& id : result.doc_ids) {
        if (std::find(audit->doc_ids.begin(), audit->doc_ids.end(), id) == audit->doc_ids.end()) {
          audit->doc_ids.push_back(id);
        }
      }
    }
  }
  return HttpResponse::JsonBody(result.ToJson());
}

Result<HttpResponse> ToolHandlers::Audit(HttpRequest& request) {
  ToolCallFilter filter;
  filter.tool = request.QueryParam("tool");
  filter.principal = request.QueryParam("principal");
  if (std::optional<std::string> limit = request.QueryParam("limit")) {
    if (limit->empty() || limit->size() > 6 ||
        limit->find_first_not_of("0123456789") != std::string::npos || std::stoll(*limit) < 1) {
      return InvalidArgument("query parameter 'limit' must be an integer in [1, 999999]");
    }
    filter.limit = std::stoll(*limit);
  }
  LH_ASSIGN_OR_RETURN(std::vector<ToolCallRecord> calls, tools_->Audit(PolicyOf(request), filter));
  Json out = Json::array();
  for (const ToolCallRecord& call : calls) out.push_back(call.ToJson());
  return HttpResponse::JsonBody(Json{{"calls", std::move(out)}});
}

}  // namespace lakehouse
