#include "workspace/workspace_requests.h"

#include "sql/result_json.h"

namespace lakehouse {
namespace {

Result<std::vector<std::string>> StringList(const Json& body, std::string_view field) {
  std::vector<std::string> out;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return InvalidArgument("'", field, "' must be an array of strings");
  for (const Json& v : *it) {
    if (!v.is_string()) return InvalidArgument("'", field, "' must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Status RequireObject(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  return Status::Ok();
}

}  // namespace

Result<NewWorkspace> NewWorkspaceFromJson(const Json& body) {
  LH_RETURN_IF_ERROR(RequireObject(body));
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"name", "description", "tier", "owner", "shared_with"}));
  NewWorkspace out;
  LH_ASSIGN_OR_RETURN(out.name, RequiredString(body, "name"));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> description, OptionalString(body, "description"));
  out.description = description.value_or("");
  LH_ASSIGN_OR_RETURN(std::string tier, RequiredString(body, "tier"));
  LH_ASSIGN_OR_RETURN(out.tier, ParseWorkspaceTier(tier));
  LH_ASSIGN_OR_RETURN(out.owner, OptionalString(body, "owner"));
  LH_ASSIGN_OR_RETURN(out.shared_with, StringList(body, "shared_with"));
  return out;
}

Result<WorkspacePatch> WorkspacePatchFromJson(const Json& body) {
  LH_RETURN_IF_ERROR(RequireObject(body));
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"name", "description", "tier", "shared_with"}));
  WorkspacePatch out;
  LH_ASSIGN_OR_RETURN(out.name, OptionalString(body, "name"));
  LH_ASSIGN_OR_RETURN(out.description, OptionalString(body, "description"));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> tier, OptionalString(body, "tier"));
  if (tier) {
    LH_ASSIGN_OR_RETURN(out.tier, ParseWorkspaceTier(*tier));
  }
  if (body.contains("shared_with")) {
    LH_ASSIGN_OR_RETURN(out.shared_with, StringList(body, "shared_with"));
  }
  return out;
}

Result<NewShortlistItem> ShortlistItemFromJson(const Json& body) {
  LH_RETURN_IF_ERROR(RequireObject(body));
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"dataset", "key", "note"}));
  NewShortlistItem out;
  LH_ASSIGN_OR_RETURN(out.dataset, RequiredString(body, "dataset"));
  auto key = body.find("key");
  if (key == body.end() || key->is_null()) return InvalidArgument("'key' is required");
  if (key->is_string()) {
    out.key = key->get<std::string>();
  } else if (key->is_number_integer()) {
    out.key = key->dump();
  } else {
    return InvalidArgument("'key' must be a string or an integer");
  }
  LH_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  out.note = note.value_or("");
  return out;
}

Result<WorkspaceFilter> WorkspaceFilterFrom(const std::optional<std::string>& owner,
                                            const std::optional<std::string>& tier,
                                            const std::optional<std::string>& state) {
  WorkspaceFilter filter;
  filter.owner = owner;
  if (tier) {
    LH_ASSIGN_OR_RETURN(filter.tier, ParseWorkspaceTier(*tier));
  }
  if (state) {
    LH_ASSIGN_OR_RETURN(filter.state, ParseWorkspaceState(*state));
  }
  return filter;
}

Json SearchRunResultToJson(const SearchRunResult& result) {
  Json out = RowSetToJson(*result.run.rows);
  out["workspace_id"] = result.workspace_id;
  out["search"] = result.search;
  out["kind"] = SavedSearchKindName(result.kind);
  out["row_count"] = result.run.rows->row_count();
  out["truncated"] = result.run.rows->truncated;
  out["fingerprint"] = result.run.fingerprint;
  out["elapsed_ms"] = result.run.elapsed_ms;
  out["ran_by"] = result.ran_by;
  out["ran_at"] = result.ran_at;
  return out;
}

}  // namespace lakehouse
