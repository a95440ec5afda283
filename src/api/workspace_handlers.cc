#include "api/workspace_handlers.h"

#include "api/request_audit.h"
#include "api/request_policy.h"
#include "workspace/workspace_json.h"
#include "workspace/workspace_requests.h"

namespace lakehouse {
namespace {

Result<int64_t> ItemId(const HttpRequest& request) {
  const std::string& text = request.PathParam("item");
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return NotFound("shortlist item '", text, "' not found");
  }
  return std::stoll(text);
}

// The body as a JSON object; an empty body is {}.
Result<Json> ObjectBody(HttpRequest& request) {
  if (request.body.empty()) return Json::object();
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  return body;
}

}  // namespace

Result<HttpResponse> WorkspaceHandlers::Create(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(NewWorkspace fields, NewWorkspaceFromJson(body));
  LH_ASSIGN_OR_RETURN(Workspace created, workspaces_->Create(PolicyOf(request), std::move(fields)));
  return HttpResponse::JsonBody(WorkspaceToJson(created), 201);
}

Result<HttpResponse> WorkspaceHandlers::List(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(WorkspaceFilter filter,
                      WorkspaceFilterFrom(request.QueryParam("owner"), request.QueryParam("tier"),
                                          request.QueryParam("state")));
  LH_ASSIGN_OR_RETURN(std::vector<Workspace> found, workspaces_->List(PolicyOf(request), filter));
  Json out = Json::array();
  for (const Workspace& w : found) out.push_back(WorkspaceToJson(w));
  return HttpResponse::JsonBody(Json{{"workspaces", std::move(out)}});
}

Result<HttpResponse> WorkspaceHandlers::Get(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(WorkspaceDetail detail,
                      workspaces_->Get(PolicyOf(request), request.PathParam("id")));
  return HttpResponse::JsonBody(WorkspaceDetailToJson(detail));
}

Result<HttpResponse> WorkspaceHandlers::Update(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(WorkspacePatch patch, WorkspacePatchFromJson(body));
  LH_ASSIGN_OR_RETURN(Workspace updated,
                      workspaces_->Update(PolicyOf(request), request.PathParam("id"), patch));
  return HttpResponse::JsonBody(WorkspaceToJson(updated));
}

Result<HttpResponse> WorkspaceHandlers::Delete(HttpRequest& request) {
  const std::string& id = request.PathParam("id");
  LH_RETURN_IF_ERROR(workspaces_->Delete(PolicyOf(request), id));
  return HttpResponse::JsonBody(Json{{"deleted", id}});
}

Result<HttpResponse> WorkspaceHandlers::SaveSearch(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(SavedSearch search, SavedSearchFromJson(body));
  LH_ASSIGN_OR_RETURN(search, workspaces_->SaveSearch(PolicyOf(request), request.PathParam("id"),
                                                      std::move(search)));
  return HttpResponse::JsonBody(SavedSearchToJson(search), 201);
}

Result<HttpResponse> WorkspaceHandlers::DeleteSearch(HttpRequest& request) {
  const std::string& name = request.PathParam("name");
  LH_RETURN_IF_ERROR(workspaces_->DeleteSearch(PolicyOf(request), request.PathParam("id"), name));
  return HttpResponse::JsonBody(Json{{"deleted", name}});
}

Result<HttpResponse> WorkspaceHandlers::RunSearch(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, ObjectBody(request));
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {}));
  LH_ASSIGN_OR_RETURN(SearchRunResult result,
                      workspaces_->RunSearch(ToolCaller{&PolicyOf(request), "http"},
                                             request.PathParam("id"), request.PathParam("name")));
  if (AuditRecord* audit = AuditOf(request)) {
    audit->row_count = static_cast<int64_t>(result.run.rows->row_count());
    audit->sql = "workspace search " + result.search + " " + result.run.fingerprint;
    // The subjects it returned, as /tools/{name}/call and /vectors/search record theirs.
    for (const std::string& dataset : result.run.datasets) audit->AddDataset(dataset);
    if (!result.run.datasets.empty()) audit->result_rows = result.run.rows;
    if (!result.run.index.empty()) {
      audit->index_name = result.run.index;
      audit->doc_ids = result.run.doc_ids;
    }
  }
  return HttpResponse::JsonBody(SearchRunResultToJson(result));
}

Result<HttpResponse> WorkspaceHandlers::AddToShortlist(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(NewShortlistItem item, ShortlistItemFromJson(body));
  LH_ASSIGN_OR_RETURN(
      ShortlistItem added,
      workspaces_->AddToShortlist(PolicyOf(request), request.PathParam("id"), std::move(item)));
  return HttpResponse::JsonBody(ShortlistItemToJson(added), 201);
}

Result<HttpResponse> WorkspaceHandlers::SetShortlistNote(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"note"}));
  LH_ASSIGN_OR_RETURN(std::string note, RequiredString(body, "note"));
  LH_ASSIGN_OR_RETURN(int64_t item, ItemId(request));
  LH_ASSIGN_OR_RETURN(
      ShortlistItem updated,
      workspaces_->SetShortlistNote(PolicyOf(request), request.PathParam("id"), item, note));
  return HttpResponse::JsonBody(ShortlistItemToJson(updated));
}

Result<HttpResponse> WorkspaceHandlers::RemoveFromShortlist(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(int64_t item, ItemId(request));
  LH_RETURN_IF_ERROR(
      workspaces_->RemoveFromShortlist(PolicyOf(request), request.PathParam("id"), item));
  return HttpResponse::JsonBody(Json{{"deleted", item}});
}

Result<HttpResponse> WorkspaceHandlers::Handoff(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"to", "reason"}));
  LH_ASSIGN_OR_RETURN(std::string to, RequiredString(body, "to"));
  LH_ASSIGN_OR_RETURN(std::string reason, RequiredString(body, "reason"));
  LH_ASSIGN_OR_RETURN(Workspace handed,
                      workspaces_->Handoff(PolicyOf(request), request.PathParam("id"), to, reason));
  return HttpResponse::JsonBody(WorkspaceToJson(handed));
}

Result<HttpResponse> WorkspaceHandlers::Activity(HttpRequest& request) {
  int64_t limit = 100;
  if (std::optional<std::string> text = request.QueryParam("limit")) {
    if (text->empty() || text->size() > 6 ||
        text->find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument("query parameter 'limit' must be an integer in [1, 10000]");
    }
    limit = std::stoll(*text);
  }
  LH_ASSIGN_OR_RETURN(std::vector<WorkspaceActivity> lines,
                      workspaces_->Activity(PolicyOf(request), request.PathParam("id"), limit));
  Json out = Json::array();
  for (const WorkspaceActivity& line : lines) out.push_back(WorkspaceActivityToJson(line));
  return HttpResponse::JsonBody(Json{{"activity", std::move(out)}});
}

}  // namespace lakehouse
