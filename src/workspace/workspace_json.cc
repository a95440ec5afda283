#include "workspace/workspace_json.h"

#include <algorithm>

namespace lakehouse {
namespace {

Json OptionalTime(const std::optional<int64_t>& t) { return t ? Json(*t) : Json(); }

Status CheckText(const std::string& text, std::string_view field, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return InvalidArgument("'", field, "' is longer than ", max_bytes, " bytes");
  }
  return Status::Ok();
}

Result<std::string> NonEmpty(const Json& body, std::string_view field) {
  LH_ASSIGN_OR_RETURN(std::string value, RequiredString(body, field));
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("'", field, "' is empty");
  }
  return value;
}

}  // namespace

Status CheckSearchName(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 &&
                  name.find_first_not_of(
                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789_.-") == std::string_view::npos;
  if (!ok) return InvalidArgument("a saved search's name must match [A-Za-z0-9_.-]{1,64}");
  return Status::Ok();
}

Status CheckPrincipalName(std::string_view name, std::string_view field) {
  if (name.empty() || name.size() > kMaxWorkspaceNameBytes) {
    return InvalidArgument("'", field, "' must be 1 to ", kMaxWorkspaceNameBytes, " bytes");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgument("'", field, "' has a control character");
    }
  }
  return Status::Ok();
}

Json WorkspaceToJson(const Workspace& w) {
  Json handoffs = Json::array();
  for (const WorkspaceHandoff& h : w.handoffs) {
    handoffs.push_back(
        {{"from", h.from}, {"to", h.to}, {"reason", h.reason}, {"by", h.by}, {"at", h.at}});
  }
  return {{"id", w.id},
          {"name", w.name},
          {"description", w.description},
          {"tier", WorkspaceTierName(w.tier)},
          {"owner", w.owner},
          {"shared_with", w.shared_with},
          {"state", w.archived() ? "archived" : "active"},
          {"created_by", w.created_by},
          {"created_at", w.created_at},
          {"updated_at", w.updated_at},
          {"expires_at", OptionalTime(w.expires_at)},
          {"archived_at", OptionalTime(w.archived_at)},
          {"owner_chain", w.OwnerChain()},
          {"handoffs", std::move(handoffs)}};
}

Json WorkspaceDetailToJson(const WorkspaceDetail& detail) {
  Json out = WorkspaceToJson(detail.workspace);
  Json searches = Json::array();
  for (const SavedSearch& s : detail.searches) searches.push_back(SavedSearchToJson(s));
  Json shortlist = Json::array();
  for (const ShortlistItem& item : detail.shortlist) {
    shortlist.push_back(ShortlistItemToJson(item));
  }
  out["searches"] = std::move(searches);
  out["shortlist"] = std::move(shortlist);
  return out;
}

Json SavedSearchSpecToJson(const SavedSearch& s) {
  Json out = {{"name", s.name}, {"kind", SavedSearchKindName(s.kind)}};
  if (!s.description.empty()) out["description"] = s.description;
  switch (s.kind) {
    case SavedSearchKind::kSql:
      out["sql"] = s.sql;
      out["limit"] = s.limit;
      break;
    case SavedSearchKind::kTool:
      out["tool"] = s.tool;
      out["arguments"] = s.arguments;
      break;
    case SavedSearchKind::kVector:
      out["index"] = s.index;
      out["query"] = s.query;
      if (!s.filter.empty()) out["filter"] = s.filter;
      out["limit"] = s.limit;
      break;
  }
  return out;
}

Json SavedSearchToJson(const SavedSearch& s) {
  Json out = SavedSearchSpecToJson(s);
  out["created_by"] = s.created_by;
  out["created_at"] = s.created_at;
  out["last_run_at"] = s.last_run_at > 0 ? Json(s.last_run_at) : Json();
  out["last_run_by"] = s.last_run_by.empty() ? Json() : Json(s.last_run_by);
  out["last_row_count"] = s.last_row_count >= 0 ? Json(s.last_row_count) : Json();
  out["run_count"] = s.run_count;
  return out;
}

Json ShortlistItemToJson(const ShortlistItem& item) {
  return {{"id", item.id},     {"dataset", item.dataset},   {"key", item.key},
          {"note", item.note}, {"added_by", item.added_by}, {"added_at", item.added_at}};
}

Json WorkspaceActivityToJson(const WorkspaceActivity& e) {
  return {{"id", e.id},         {"workspace_id", e.workspace_id},
          {"at", e.at},         {"principal", e.principal},
          {"action", e.action}, {"detail", e.detail}};
}

Result<SavedSearch> SavedSearchFromJson(const Json& body) {
  if (!body.is_object()) return InvalidArgument("a saved search must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"name", "kind", "description", "sql", "tool",
                                                "arguments", "index", "query", "filter", "limit"}));
  SavedSearch s;
  LH_ASSIGN_OR_RETURN(s.name, RequiredString(body, "name"));
  LH_RETURN_IF_ERROR(CheckSearchName(s.name));
  LH_ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
  LH_ASSIGN_OR_RETURN(s.kind, ParseSavedSearchKind(kind));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> description, OptionalString(body, "description"));
  s.description = description.value_or("");
  LH_RETURN_IF_ERROR(CheckText(s.description, "description", kMaxWorkspaceTextBytes));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptionalInt(body, "limit"));
  auto only = [&](std::initializer_list<std::string_view> fields) -> Status {
    for (const char* f : {"sql", "tool", "arguments", "index", "query", "filter"}) {
      if (!body.contains(f)) continue;
      if (std::find(fields.begin(), fields.end(), std::string_view(f)) == fields.end()) {
        return InvalidArgument("field '", f, "' does not apply to a ", kind, " search");
      }
    }
    return Status::Ok();
  };
  auto bounded = [&](int64_t fallback, int64_t high) -> Result<int64_t> {
    const int64_t v = limit.value_or(fallback);
    if (v < 1 || v > high) return InvalidArgument("'limit' must be in [1, ", high, "]");
    return v;
  };
  switch (s.kind) {
    case SavedSearchKind::kSql: {
      LH_RETURN_IF_ERROR(only({"sql"}));
      LH_ASSIGN_OR_RETURN(s.sql, NonEmpty(body, "sql"));
      LH_RETURN_IF_ERROR(CheckText(s.sql, "sql", 64 * 1024));
      LH_ASSIGN_OR_RETURN(s.limit, bounded(100, kMaxSavedSqlRows));
      break;
    }
    case SavedSearchKind::kTool: {
      LH_RETURN_IF_ERROR(only({"tool", "arguments"}));
      if (limit) return InvalidArgument("'limit' does not apply to a tool search (max_rows does)");
      LH_ASSIGN_OR_RETURN(s.tool, NonEmpty(body, "tool"));
      if (body.contains("arguments") && !body["arguments"].is_null()) {
        if (!body["arguments"].is_object()) {
          return InvalidArgument("'arguments' must be an object");
        }
        s.arguments = body["arguments"];
      }
      break;
    }
    case SavedSearchKind::kVector: {
      LH_RETURN_IF_ERROR(only({"index", "query", "filter"}));
      LH_ASSIGN_OR_RETURN(s.index, NonEmpty(body, "index"));
      LH_ASSIGN_OR_RETURN(s.query, NonEmpty(body, "query"));
      LH_RETURN_IF_ERROR(CheckText(s.query, "query", kMaxWorkspaceTextBytes));
      LH_ASSIGN_OR_RETURN(std::optional<std::string> filter, OptionalString(body, "filter"));
      s.filter = filter.value_or("");
      LH_RETURN_IF_ERROR(CheckText(s.filter, "filter", kMaxWorkspaceTextBytes));
      LH_ASSIGN_OR_RETURN(s.limit, bounded(10, kMaxSavedVectorK));
      break;
    }
  }
  return s;
}

}  // namespace lakehouse
