#include "api/access_handlers.h"

#include "access/dataset_authorizer.h"
#include "api/request_policy.h"
#include "common/clock.h"

namespace lakehouse {
namespace {

Json Timestamp(std::optional<int64_t> micros) {
  return micros && *micros > 0 ? Json(FormatTimestamp(*micros)) : Json(nullptr);
}

Json KeyToJson(const ApiKeyInfo& key) {
  return {{"id", key.id},
          {"prefix", key.prefix},
          {"principal", key.principal},
          {"roles", key.roles},
          {"description", key.description},
          {"source", key.source},
          {"created_at", Timestamp(key.created_at)},
          {"revoked_at", Timestamp(key.revoked_at)}};
}

Result<std::vector<std::string>> StringList(const Json& body, std::string_view field) {
  std::vector<std::string> out;
  auto it = body.find(std::string(field));
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return InvalidArgument("field '", field, "' must be an array of strings");
  for (const Json& v : *it) {
    if (!v.is_string()) return InvalidArgument("field '", field, "' must hold only strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<CreateKeyRequest> ParseCreateKey(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"principal", "roles", "description"}));
  CreateKeyRequest request;
  LH_ASSIGN_OR_RETURN(request.principal, RequiredString(body, "principal"));
  LH_ASSIGN_OR_RETURN(request.roles, StringList(body, "roles"));
  LH_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  request.description = description.value_or("");
  return request;
}

Result<Role> ParseCreateRole(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"name", "description", "grants"}));
  Role role;
  LH_ASSIGN_OR_RETURN(role.name, RequiredString(body, "name"));
  LH_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  role.description = description.value_or("");
  auto grants = body.find("grants");
  if (grants == body.end() || !grants->is_array()) {
    return InvalidArgument("field 'grants' must be an array of grants");
  }
  for (const Json& g : *grants) {
    LH_ASSIGN_OR_RETURN(Grant grant, GrantFromJson(g));
    role.grants.push_back(std::move(grant));
  }
  return role;
}

Status RequireAdmin(const HttpRequest& request) {
  return CheckAdmin(PolicyOf(request), "managing API keys and roles");
}

}  // namespace

Result<HttpResponse> AccessHandlers::CreateKey(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(CreateKeyRequest create, ParseCreateKey(body));
  LH_ASSIGN_OR_RETURN(CreatedKey created, access_->CreateKey(create));
  Json out = KeyToJson(created.info);
  out["key"] = created.secret;
  HttpResponse response = HttpResponse::JsonBody(out, 201);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

Result<HttpResponse> AccessHandlers::ListKeys(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  std::string include = request.QueryParam("include_revoked").value_or("false");
  if (include != "true" && include != "false") {
    return InvalidArgument("query parameter 'include_revoked' must be true or false");
  }
  LH_ASSIGN_OR_RETURN(std::vector<ApiKeyInfo> keys, access_->ListKeys(include == "true"));
  Json items = Json::array();
  for (const ApiKeyInfo& key : keys) items.push_back(KeyToJson(key));
  return HttpResponse::JsonBody({{"keys", std::move(items)}});
}

Result<HttpResponse> AccessHandlers::RevokeKey(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_RETURN_IF_ERROR(access_->RevokeKey(request.PathParam("id")));
  return HttpResponse::JsonBody({{"revoked", request.PathParam("id")}});
}

Result<HttpResponse> AccessHandlers::CreateRole(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(Role role, ParseCreateRole(body));
  // Refused now rather than when a view is built (where a bad filter shows no rows).
  for (const Grant& grant : role.grants) {
    if (grant.row_filter.empty()) continue;
    Status valid = views_->CheckRowFilter(grant.row_filter);
    if (!valid.ok()) {
      return InvalidArgument("grant on '", grant.target, "': ", valid.message());
    }
  }
  LH_ASSIGN_OR_RETURN(Role created, access_->CreateRole(std::move(role)));
  return HttpResponse::JsonBody(RoleToJson(created), 201);
}

Result<HttpResponse> AccessHandlers::ListRoles(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  Json items = Json::array();
  for (const Role& role : access_->ListRoles()) items.push_back(RoleToJson(role));
  return HttpResponse::JsonBody({{"roles", std::move(items)}});
}

Result<HttpResponse> AccessHandlers::DeleteRole(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_RETURN_IF_ERROR(access_->DeleteRole(request.PathParam("name")));
  return HttpResponse::JsonBody({{"deleted", request.PathParam("name")}});
}

Result<HttpResponse> AccessHandlers::WhoAmI(HttpRequest& request) {
  const AccessPolicy& policy = PolicyOf(request);
  const Principal& who = policy.principal();
  Json grants = Json::array();
  for (const Grant& g : policy.grants()) grants.push_back(GrantToJson(g));
  return HttpResponse::JsonBody({{"principal", who.name},
                                 {"roles", who.roles},
                                 {"key_id", who.key_id.empty() ? Json(nullptr) : Json(who.key_id)},
                                 {"dev_mode", who.dev_mode},
                                 {"unrestricted", policy.unrestricted()},
                                 {"admin", policy.IsAdmin()},
                                 {"grants", std::move(grants)},
                                 {"fingerprint", policy.fingerprint()}});
}

}  // namespace lakehouse
