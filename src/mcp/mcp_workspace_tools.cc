// McpServer's workspace tools and resources (issue 21): the agent workspace operations as MCP
// tools, each run as the caller's principal through WorkspaceService (the same rules as
// /workspaces: private unless shared or handed off, owner-or-admin changes, saved searches run
// under the caller's policy), and each readable workspace as lakehouse://workspaces/{id}.
#include <algorithm>

#include "mcp/mcp_server.h"
#include "workspace/workspace_json.h"
#include "workspace/workspace_requests.h"

namespace lakehouse {
namespace {

constexpr std::string_view kWorkspacePrefix = "lakehouse://workspaces/";

Json Str(std::string_view description = "") {
  Json s = {{"type", "string"}};
  if (!description.empty()) s["description"] = description;
  return s;
}

Json Tier() { return {{"type", "string"}, {"enum", {"daily", "weekly", "monthly", "pinned"}}}; }

Json Tool(std::string_view name, std::string_view title, std::string_view description,
          Json properties, std::vector<std::string> required, bool read_only) {
  if (properties.is_null()) properties = Json::object();
  return {{"name", name},
          {"title", title},
          {"description", description},
          {"inputSchema",
           {{"type", "object"},
            {"properties", std::move(properties)},
            {"required", std::move(required)},
            {"additionalProperties", false}}},
          {"annotations",
           {{"readOnlyHint", read_only}, {"destructiveHint", false}, {"openWorldHint", false}}}};
}

Result<std::string> Id(const Json& arguments) { return RequiredString(arguments, "id"); }

}  // namespace

Json McpServer::WorkspaceToolList() {
  const Json id = Str("the workspace's id");
  return Json::array(
      {Tool("workspace_list", "List workspaces",
            "Your workspaces and those shared with you (active ones unless state says otherwise).",
            {{"owner", Str()},
             {"tier", Tier()},
             {"state", {{"type", "string"}, {"enum", {"active", "archived", "all"}}}}},
            {}, true),
       Tool("workspace_create", "Create a workspace",
            "A workspace for a task: daily, weekly and monthly ones are archived when their "
            "day/week/month ends, pinned ones never.",
            {{"name", Str()},
             {"description", Str()},
             {"tier", Tier()},
             {"shared_with",
              {{"type", "array"},
               {"items", Str("a principal, role:<role>, or *")},
               {"description", "who may read it besides you"}}}},
            {"name", "tier"}, false),
       Tool("workspace_get", "Open a workspace",
            "A workspace with its saved searches, shortlist and owner chain.", {{"id", id}}, {"id"},
            true),
       Tool("workspace_save_search", "Save a search",
            "Save a re-runnable search in a workspace you own: kind sql (sql), tool (tool, "
            "arguments) or vector (index, query, filter?).",
            {{"id", id},
             {"name", Str("[A-Za-z0-9_.-]{1,64}")},
             {"kind", {{"type", "string"}, {"enum", {"sql", "tool", "vector"}}}},
             {"description", Str()},
             {"sql", Str()},
             {"tool", Str()},
             {"arguments", {{"type", "object"}}},
             {"index", Str()},
             {"query", Str()},
             {"filter", Str()},
             {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxSavedSqlRows}}}},
            {"id", "name", "kind"}, false),
       Tool("workspace_run_search", "Run a saved search",
            "Run a workspace's saved search as yourself: you see what your policy shows.",
            {{"id", id}, {"name", Str()}}, {"id", "name"}, false),
       Tool("workspace_shortlist_add", "Shortlist an entity",
            "Put a row of a dataset (by its key) on a workspace's shortlist, with a note.",
            {{"id", id},
             {"dataset", Str()},
             {"key", {{"type", {"string", "integer"}}}},
             {"note", Str()}},
            {"id", "dataset", "key"}, false),
       Tool("workspace_handoff", "Hand a workspace off",
            "Give a workspace you own to another principal (agent or person), with the reason; "
            "the owner chain records it.",
            {{"id", id}, {"to", Str("the new owner")}, {"reason", Str()}}, {"id", "to", "reason"},
            false),
       Tool("workspace_activity", "Workspace activity",
            "A workspace's activity log, newest first: every action and who did it.",
            {{"id", id}, {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}}},
            {"id"}, true)});
}

bool McpServer::IsWorkspaceTool(std::string_view name) {
  static const std::vector<std::string_view> kNames = {
      "workspace_list",        "workspace_create",     "workspace_get",
      "workspace_save_search", "workspace_run_search", "workspace_shortlist_add",
      "workspace_handoff",     "workspace_activity"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

Result<Json> McpServer::CallWorkspaceTool(const std::string& name, const Json& arguments,
                                          const AccessPolicy& policy, McpReads& reads) {
  WorkspaceService& ws = *deps_.workspaces;
  if (name == "workspace_list") {
    LH_RETURN_IF_ERROR(RejectUnknownFields(arguments, {"owner", "tier", "state"}));
    LH_ASSIGN_OR_RETURN(std::optional<std::string> owner, OptionalString(arguments, "owner"));
    LH_ASSIGN_OR_RETURN(std::optional<std::string> tier, OptionalString(arguments, "tier"));
    LH_ASSIGN_OR_RETURN(std::optional<std::string> state, OptionalString(arguments, "state"));
    LH_ASSIGN_OR_RETURN(WorkspaceFilter filter, WorkspaceFilterFrom(owner, tier, state));
    LH_ASSIGN_OR_RETURN(std::vector<Workspace> found, ws.List(policy, filter));
    Json out = Json::array();
    for (const Workspace& w : found) out.push_back(WorkspaceToJson(w));
    return Json{{"workspaces", std::move(out)}};
  }
  if (name == "workspace_create") {
    LH_ASSIGN_OR_RETURN(NewWorkspace request, NewWorkspaceFromJson(arguments));
    LH_ASSIGN_OR_RETURN(Workspace created, ws.Create(policy, std::move(request)));
    return WorkspaceToJson(created);
  }
  LH_ASSIGN_OR_RETURN(std::string id, Id(arguments));
  Json rest = arguments;
  rest.erase("id");
  if (name == "workspace_get") {
    LH_RETURN_IF_ERROR(RejectUnknownFields(rest, {}));
    LH_ASSIGN_OR_RETURN(WorkspaceDetail detail, ws.Get(policy, id));
    return WorkspaceDetailToJson(detail);
  }
  if (name == "workspace_save_search") {
    LH_ASSIGN_OR_RETURN(SavedSearch search, SavedSearchFromJson(rest));
    LH_ASSIGN_OR_RETURN(search, ws.SaveSearch(policy, id, std::move(search)));
    return SavedSearchToJson(search);
  }
  if (name == "workspace_run_search") {
    LH_RETURN_IF_ERROR(RejectUnknownFields(rest, {"name"}));
    LH_ASSIGN_OR_RETURN(std::string search, RequiredString(rest, "name"));
    LH_ASSIGN_OR_RETURN(SearchRunResult run, ws.RunSearch(ToolCaller{&policy, "mcp"}, id, search));
    // Recorded as api/WorkspaceHandlers::RunSearch records the HTTP run.
    reads.sql = "workspace search " + run.search + " " + run.run.fingerprint;
    reads.row_count = static_cast<int64_t>(run.run.rows->row_count());
    reads.datasets = run.run.datasets;
    if (!run.run.datasets.empty()) reads.rows = run.run.rows;
    reads.index = run.run.index;
    for (const std::string& doc_id : run.run.doc_ids) reads.AddDocId(doc_id);
    return SearchRunResultToJson(run);
  }
  if (name == "workspace_shortlist_add") {
    LH_ASSIGN_OR_RETURN(NewShortlistItem item, ShortlistItemFromJson(rest));
    LH_ASSIGN_OR_RETURN(ShortlistItem added, ws.AddToShortlist(policy, id, std::move(item)));
    return ShortlistItemToJson(added);
  }
  if (name == "workspace_handoff") {
    LH_RETURN_IF_ERROR(RejectUnknownFields(rest, {"to", "reason"}));
    LH_ASSIGN_OR_RETURN(std::string to, RequiredString(rest, "to"));
    LH_ASSIGN_OR_RETURN(std::string reason, RequiredString(rest, "reason"));
    LH_ASSIGN_OR_RETURN(Workspace handed, ws.Handoff(policy, id, to, reason));
    return WorkspaceToJson(handed);
  }
  // workspace_activity
  LH_RETURN_IF_ERROR(RejectUnknownFields(rest, {"limit"}));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptionalInt(rest, "limit"));
  LH_ASSIGN_OR_RETURN(std::vector<WorkspaceActivity> lines,
                      ws.Activity(policy, id, limit.value_or(100)));
  Json out = Json::array();
  for (const WorkspaceActivity& line : lines) out.push_back(WorkspaceActivityToJson(line));
  return Json{{"activity", std::move(out)}};
}

Result<Json> McpServer::ListWorkspaceResources(const AccessPolicy& policy) {
  Json out = Json::array();
  if (deps_.workspaces == nullptr) return out;
  LH_ASSIGN_OR_RETURN(std::vector<Workspace> found, deps_.workspaces->List(policy, {}));
  for (const Workspace& w : found) {
    out.push_back({{"uri", std::string(kWorkspacePrefix) + w.id},
                   {"name", "workspace-" + w.id},
                   {"title", "workspace " + w.name},
                   {"description", w.description.empty() ? "agent workspace" : w.description},
                   {"mimeType", "application/json"}});
  }
  return out;
}

Json McpServer::WorkspaceResourceTemplate() {
  return {{"uriTemplate", std::string(kWorkspacePrefix) + "{id}"},
          {"name", "workspace"},
          {"title", "Agent workspace"},
          {"description",
           "A workspace: tier, owner chain, saved searches and the shortlist you may see"},
          {"mimeType", "application/json"}};
}

std::optional<Result<Json>> McpServer::ReadWorkspaceResource(const std::string& uri,
                                                             const AccessPolicy& policy) {
  if (!uri.starts_with(kWorkspacePrefix) || deps_.workspaces == nullptr) return std::nullopt;
  Result<WorkspaceDetail> detail =
      deps_.workspaces->Get(policy, uri.substr(kWorkspacePrefix.size()));
  if (!detail.ok()) return Result<Json>(detail.status());
  return Result<Json>(
      Json{{"contents", Json::array({{{"uri", uri},
                                      {"mimeType", "application/json"},
                                      {"text", WorkspaceDetailToJson(*detail).dump(2)}}})}});
}

}  // namespace lakehouse
