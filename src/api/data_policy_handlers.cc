#include "api/data_policy_handlers.h"

#include <chrono>

#include "api/request_policy.h"

namespace lakehouse {
namespace {

Status RequireAdmin(const HttpRequest& request) {
  if (PolicyOf(request).IsAdmin()) return Status::Ok();
  return PermissionDenied("column policies are changed and read by admins only");
}

Json ToJson(const ColumnPolicy& policy) {
  return Json{{"dataset", policy.dataset},
              {"column", policy.column},
              {"redaction", RedactionKindName(policy.redaction.kind)},
              {"keep_prefix", policy.redaction.keep_prefix},
              {"keep_suffix", policy.redaction.keep_suffix}};
}

Json RedactionJson(const Redaction& r) {
  return Json{{"redaction", RedactionKindName(r.kind)},
              {"keep_prefix", r.keep_prefix},
              {"keep_suffix", r.keep_suffix}};
}

Json ToJson(const AiView& view) {
  Json redactions = Json::object();
  for (const auto& [column, r] : view.column_redactions) redactions[column] = RedactionJson(r);
  return Json{{"name", view.name},
              {"base_dataset", view.base_dataset},
              {"columns", view.columns},
              {"row_filter", view.row_filter},
              {"column_redactions", std::move(redactions)},
              {"created_at", view.created_at}};
}

Result<Redaction> ParseRedaction(const Json& json, const std::string& field) {
  if (!json.is_object()) return InvalidArgument("field '", field, "' must be an object");
  Redaction redaction;
  LH_ASSIGN_OR_RETURN(std::string kind, RequiredString(json, "redaction"));
  LH_ASSIGN_OR_RETURN(redaction.kind, ParseRedactionKind(kind));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> prefix, OptionalInt(json, "keep_prefix"));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> suffix, OptionalInt(json, "keep_suffix"));
  if ((prefix && (*prefix < 0 || *prefix > 64)) || (suffix && (*suffix < 0 || *suffix > 64))) {
    return InvalidArgument("keep_prefix and keep_suffix must be between 0 and 64");
  }
  redaction.keep_prefix = static_cast<int32_t>(prefix.value_or(0));
  redaction.keep_suffix = static_cast<int32_t>(suffix.value_or(0));
  return redaction;
}

}  // namespace

Result<HttpResponse> DataPolicyHandlers::CreateView(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"name", "base_dataset", "columns", "row_filter", "column_redactions"}));
  AiView view;
  LH_ASSIGN_OR_RETURN(view.name, RequiredString(body, "name"));
  LH_ASSIGN_OR_RETURN(view.base_dataset, RequiredString(body, "base_dataset"));
  if (auto it = body.find("columns"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidArgument("field 'columns' must be an array of names");
    for (const Json& c : *it) {
      if (!c.is_string()) return InvalidArgument("field 'columns' must be an array of names");
      view.columns.push_back(c.get<std::string>());
    }
  }
  LH_ASSIGN_OR_RETURN(std::optional<std::string> filter, OptionalString(body, "row_filter"));
  view.row_filter = filter.value_or("");
  if (auto it = body.find("column_redactions"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return InvalidArgument("field 'column_redactions' must be an object");
    for (const auto& [column, spec] : it->items()) {
      LH_ASSIGN_OR_RETURN(view.column_redactions[column],
                          ParseRedaction(spec, "column_redactions." + column));
    }
  }
  view.created_at = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  LH_ASSIGN_OR_RETURN(AiView created, policy_views_->CreateAiView(std::move(view)));
  return HttpResponse::JsonBody(ToJson(created), 201);
}

Result<HttpResponse> DataPolicyHandlers::ListViews(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(std::vector<AiView> views, ai_views_->List());
  Json out = Json::array();
  for (const AiView& view : views) out.push_back(ToJson(view));
  return HttpResponse::JsonBody(Json{{"views", std::move(out)}});
}

Result<HttpResponse> DataPolicyHandlers::GetView(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(AiView view, ai_views_->Get(request.PathParam("name")));
  return HttpResponse::JsonBody(ToJson(view));
}

Result<HttpResponse> DataPolicyHandlers::DeleteView(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_RETURN_IF_ERROR(policy_views_->DeleteAiView(request.PathParam("name")));
  return HttpResponse::JsonBody(Json{{"deleted", true}});
}

Result<HttpResponse> DataPolicyHandlers::ListColumnPolicies(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(std::vector<ColumnPolicy> policies, column_policies_->List());
  Json out = Json::array();
  for (const ColumnPolicy& policy : policies) out.push_back(ToJson(policy));
  return HttpResponse::JsonBody(Json{{"column_policies", std::move(out)}});
}

Result<HttpResponse> DataPolicyHandlers::PutColumnPolicy(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"dataset", "column", "redaction", "keep_prefix", "keep_suffix"}));
  LH_ASSIGN_OR_RETURN(std::string dataset, RequiredString(body, "dataset"));
  LH_ASSIGN_OR_RETURN(std::string column, RequiredString(body, "column"));
  LH_ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "redaction"));
  Redaction redaction;
  LH_ASSIGN_OR_RETURN(redaction.kind, ParseRedactionKind(kind));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> prefix, OptionalInt(body, "keep_prefix"));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> suffix, OptionalInt(body, "keep_suffix"));
  if ((prefix && (*prefix < 0 || *prefix > 64)) || (suffix && (*suffix < 0 || *suffix > 64))) {
    return InvalidArgument("keep_prefix and keep_suffix must be between 0 and 64");
  }
  redaction.keep_prefix = static_cast<int32_t>(prefix.value_or(0));
  redaction.keep_suffix = static_cast<int32_t>(suffix.value_or(0));
  LH_ASSIGN_OR_RETURN(ColumnPolicy stored, column_policies_->Set(dataset, column, redaction));
  return HttpResponse::JsonBody(ToJson(stored));
}

Result<HttpResponse> DataPolicyHandlers::DeleteColumnPolicy(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_RETURN_IF_ERROR(
      column_policies_->Remove(request.PathParam("dataset"), request.PathParam("column")));
  return HttpResponse::JsonBody(Json{{"deleted", true}});
}

}  // namespace lakehouse
