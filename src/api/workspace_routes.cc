#include "api/workspace_routes.h"

#include "http/json_schema.h"

namespace lakehouse {
namespace {

using schema::Any;
using schema::Array;
using schema::Boolean;
using schema::Closed;
using schema::Enum;
using schema::Integer;
using schema::Nullable;
using schema::Number;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

constexpr HttpMethod GET = HttpMethod::kGet;
constexpr HttpMethod POST = HttpMethod::kPost;
constexpr HttpMethod PATCH = HttpMethod::kPatch;
constexpr HttpMethod DELETE = HttpMethod::kDelete;

template <typename H>
HttpHandler Bind(H* object, Result<HttpResponse> (H::*method)(HttpRequest&)) {
  return [object, method](HttpRequest& request) { return (object->*method)(request); };
}

Json Tier() { return Enum({"daily", "weekly", "monthly", "pinned"}); }

Json Shares() {
  return Array(String("a principal, role:<role>, or * (everyone)"),
               "who may read it besides its owners");
}

Json Time(std::string_view what) { return Integer(what); }

Json WorkspaceSchema() {
  return Object(
      {Req("id", String()), Req("name", String()), Req("description", String()),
       Req("tier", Tier()), Req("owner", String()), Req("shared_with", Array(String())),
       Req("state", Enum({"active", "archived"})), Req("created_by", String()),
       Req("created_at", Time("epoch microseconds")), Req("updated_at", Time("epoch microseconds")),
       Req("expires_at", Nullable(Time("end of its day/week/month; null when pinned"))),
       Req("archived_at", Nullable(Time("when it was archived"))),
       Req("owner_chain", Array(String(), "its owners, first to current")),
       Req("handoffs",
           Array(Object({Req("from", String()), Req("to", String()), Req("reason", String()),
                         Req("by", String()), Req("at", Integer())})))});
}

std::vector<schema::Property> SearchFields() {
  return {Req("name", String("[A-Za-z0-9_.-]{1,64}")),
          Req("kind", Enum({"sql", "tool", "vector"})),
          Opt("description", String()),
          Opt("sql", String("sql: one read-only statement")),
          Opt("tool", String("tool: a registry tool")),
          Opt("arguments", Object({}, "tool: its arguments")),
          Opt("index", String("vector: the index")),
          Opt("query", String("vector: the text to search for")),
          Opt("filter", String("vector: SQL over the dataset's columns")),
          Opt("limit", Integer("rows (sql, default 100, ≤ 10000) or k (vector, default 10)"))};
}

Json SavedSearchSchema() {
  std::vector<schema::Property> fields = SearchFields();
  fields.push_back(Req("created_by", String()));
  fields.push_back(Req("created_at", Integer()));
  fields.push_back(Req("last_run_at", Nullable(Integer())));
  fields.push_back(Req("last_run_by", Nullable(String())));
  fields.push_back(Req("last_row_count", Nullable(Integer())));
  fields.push_back(Req("run_count", Integer()));
  return Object(fields);
}

Json ShortlistItemSchema() {
  return Object({Req("id", Integer()), Req("dataset", String()),
                 Req("key", String("the entity's key in the dataset")), Req("note", String()),
                 Req("added_by", String()), Req("added_at", Integer())});
}

Json WorkspaceDetailSchema() {
  return schema::Extend(
      WorkspaceSchema(),
      {Req("searches", Array(SavedSearchSchema())),
       Req("shortlist", Array(ShortlistItemSchema(), "entries of datasets the caller may see"))});
}

Json RunSchema() {
  return Object({Req("workspace_id", String()), Req("search", String()),
                 Req("kind", Enum({"sql", "tool", "vector"})),
                 Req("columns", Array(Object({Req("name", String()), Req("type", String())}))),
                 Req("rows", Array(Array(Any()), "rows, each an array of column values")),
                 Req("row_count", Integer()), Req("truncated", Boolean()),
                 Req("fingerprint", String("SHA-256 of what ran")), Req("elapsed_ms", Number()),
                 Req("ran_by", String("the principal it ran as")), Req("ran_at", Integer())});
}

Json ActivitySchema() {
  return Object({Req("id", Integer()), Req("workspace_id", String()), Req("at", Integer()),
                 Req("principal", String("who; system for archival")),
                 Req("action", String("created, updated, search_saved, search_deleted, "
                                      "search_run, shortlist_added, shortlist_noted, "
                                      "shortlist_removed, handoff, archived")),
                 Req("detail", Object({}))});
}

}  // namespace

Status RegisterWorkspaceRoutes(WorkspaceHandlers* w, RouteTable* t) {
  const std::string tag = "workspaces";
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/workspaces", "createWorkspace",
       "Create an agent workspace (daily, weekly, monthly or pinned)", tag, false, false, 201},
      RouteContract()
          .Body(Closed({Req("name", String()), Opt("description", String()), Req("tier", Tier()),
                        Opt("owner", String("default: the caller; another owner is admin-only")),
                        Opt("shared_with", Shares())}))
          .Returns(201, "the workspace", WorkspaceSchema()),
      Bind(w, &WorkspaceHandlers::Create)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/workspaces", "listWorkspaces", "The workspaces the caller may read", tag},
      RouteContract()
          .Query("owner", String(), "only this owner's")
          .Query("tier", Tier(), "only this tier")
          .Query("state", Enum({"active", "archived", "all"}), "default active")
          .Returns(200, "the workspaces", Object({Req("workspaces", Array(WorkspaceSchema()))})),
      Bind(w, &WorkspaceHandlers::List)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/workspaces/{id}", "getWorkspace",
                             "One workspace with its saved searches and shortlist", tag},
                            RouteContract().Returns(200, "the workspace", WorkspaceDetailSchema()),
                            Bind(w, &WorkspaceHandlers::Get)));
  LH_RETURN_IF_ERROR(
      t->Add({PATCH, "/workspaces/{id}", "updateWorkspace",
              "Rename, describe, share or re-tier a workspace (owner or admin); a tier restores an "
              "archived one",
              tag},
             RouteContract()
                 .Body(Closed({Opt("name", String()), Opt("description", String()),
                               Opt("tier", Tier()), Opt("shared_with", Shares())}))
                 .Returns(200, "the workspace", WorkspaceSchema()),
             Bind(w, &WorkspaceHandlers::Update)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/workspaces/{id}", "deleteWorkspace",
              "Delete a workspace and all it holds (owner or admin)", tag},
             RouteContract().Returns(200, "deleted", Object({Req("deleted", String())})),
             Bind(w, &WorkspaceHandlers::Delete)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/workspaces/{id}/searches", "saveWorkspaceSearch",
       "Save a re-runnable search: SQL, a tool call or a vector search (checked as the caller)",
       tag, false, false, 201},
      RouteContract()
          .Body(Closed(SearchFields()))
          .Returns(201, "the saved search", SavedSearchSchema()),
      Bind(w, &WorkspaceHandlers::SaveSearch)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/workspaces/{id}/searches/{name}", "deleteWorkspaceSearch",
              "Delete a saved search (owner or admin)", tag},
             RouteContract().Returns(200, "deleted", Object({Req("deleted", String())})),
             Bind(w, &WorkspaceHandlers::DeleteSearch)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/workspaces/{id}/searches/{name}/run", "runWorkspaceSearch",
              "Run a saved search as the caller, under the caller's policy; logged", tag},
             RouteContract()
                 .Body(Closed({}, "no fields; the body may be empty"))
                 .Returns(200, "the rows", RunSchema()),
             Bind(w, &WorkspaceHandlers::RunSearch)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/workspaces/{id}/shortlist", "addWorkspaceShortlistItem",
       "Put an entity (a dataset row, by key) on the shortlist with a note", tag, false, false,
       201},
      RouteContract()
          .Body(Closed({Req("dataset", String()), Req("key", schema::AnyOf({String(), Integer()})),
                        Opt("note", String())}))
          .Returns(201, "the item", ShortlistItemSchema()),
      Bind(w, &WorkspaceHandlers::AddToShortlist)));
  LH_RETURN_IF_ERROR(
      t->Add({PATCH, "/workspaces/{id}/shortlist/{item}", "updateWorkspaceShortlistItem",
              "Change a shortlist item's note (owner or admin)", tag},
             RouteContract()
                 .Body(Closed({Req("note", String())}))
                 .Returns(200, "the item", ShortlistItemSchema()),
             Bind(w, &WorkspaceHandlers::SetShortlistNote)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/workspaces/{id}/shortlist/{item}", "deleteWorkspaceShortlistItem",
              "Take an item off the shortlist (owner or admin)", tag},
             RouteContract().Returns(200, "deleted", Object({Req("deleted", Integer())})),
             Bind(w, &WorkspaceHandlers::RemoveFromShortlist)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/workspaces/{id}/handoff", "handoffWorkspace",
       "Hand a workspace to another principal (owner or admin); the owner chain records it", tag},
      RouteContract()
          .Body(Closed({Req("to", String("the new owner")), Req("reason", String())}))
          .Returns(200, "the workspace", WorkspaceSchema()),
      Bind(w, &WorkspaceHandlers::Handoff)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/workspaces/{id}/activity", "listWorkspaceActivity",
              "The workspace's activity log: every action, by whom, newest first", tag},
             RouteContract()
                 .Query("limit", Integer(), "at most this many (default 100, ≤ 10000)")
                 .Returns(200, "the log", Object({Req("activity", Array(ActivitySchema()))})),
             Bind(w, &WorkspaceHandlers::Activity)));
  return Status::Ok();
}

}  // namespace lakehouse
