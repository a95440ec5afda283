#include "workspace/workspace_store.h"

#include <map>

#include "catalog/catalog_statement.h"
#include "workspace/workspace_json.h"

namespace lakehouse {
namespace {

constexpr char kStoreName[] = "workspaces";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE workspaces (
  id          TEXT NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  tier        TEXT NOT NULL,
  owner       TEXT NOT NULL,
  shared_with TEXT NOT NULL DEFAULT '[]',
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  expires_at  INTEGER,
  archived_at INTEGER
) STRICT;
CREATE INDEX workspaces_by_owner ON workspaces (owner);
CREATE INDEX workspaces_by_expiry ON workspaces (expires_at) WHERE archived_at IS NULL;
CREATE TABLE workspace_handoffs (
  workspace_id TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  from_owner   TEXT NOT NULL,
  to_owner     TEXT NOT NULL,
  reason       TEXT NOT NULL,
  by_principal TEXT NOT NULL,
  at           INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, seq)
) STRICT;
CREATE TABLE workspace_searches (
  workspace_id   TEXT NOT NULL,
  name           TEXT NOT NULL,
  spec           TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  last_run_at    INTEGER NOT NULL DEFAULT 0,
  last_run_by    TEXT NOT NULL DEFAULT '',
  last_row_count INTEGER NOT NULL DEFAULT -1,
  run_count      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, name)
) STRICT;
CREATE TABLE workspace_shortlist (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL,
  dataset      TEXT NOT NULL,
  entity_key   TEXT NOT NULL,
  note         TEXT NOT NULL,
  added_by     TEXT NOT NULL,
  added_at     INTEGER NOT NULL,
  UNIQUE (workspace_id, dataset, entity_key)
) STRICT;
CREATE TABLE workspace_activity (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL,
  at           INTEGER NOT NULL,
  principal    TEXT NOT NULL,
  action       TEXT NOT NULL,
  detail       TEXT NOT NULL
) STRICT;
CREATE INDEX workspace_activity_by_workspace ON workspace_activity (workspace_id, id);
)sql";

const std::vector<Migration>& Steps() {
  static const std::vector<Migration> kSteps = {{1, "agent workspaces (issue 21)", kSchema}};
  return kSteps;
}

Json SharedToJson(const std::vector<std::string>& shared) {
  Json out = Json::array();
  for (const std::string& s : shared) out.push_back(s);
  return out;
}

// Workspaces (one, or all when `id` is empty) with their owner chains.
Result<std::vector<Workspace>> ReadWorkspaces(CatalogDb& db, std::string_view id) {
  const std::string where = id.empty() ? "" : " WHERE id = ?1";
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                      db.Prepare("SELECT id, name, description, tier, owner, shared_with, "
                                 "created_by, created_at, updated_at, expires_at, archived_at "
                                 "FROM workspaces" +
                                 where + " ORDER BY created_at, id"));
  if (!id.empty()) LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  std::vector<Workspace> out;
  std::map<std::string, size_t> by_id;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
    Workspace w;
    w.id = stmt.ColumnText(0);
    w.name = stmt.ColumnText(1);
    w.description = stmt.ColumnText(2);
    LH_ASSIGN_OR_RETURN(w.tier, ParseWorkspaceTier(stmt.ColumnText(3)));
    w.owner = stmt.ColumnText(4);
    LH_ASSIGN_OR_RETURN(Json shared, ParseJson(stmt.ColumnText(5)));
    for (const Json& s : shared) {
      if (s.is_string()) w.shared_with.push_back(s.get<std::string>());
    }
    w.created_by = stmt.ColumnText(6);
    w.created_at = stmt.ColumnInt(7);
    w.updated_at = stmt.ColumnInt(8);
    w.expires_at = stmt.ColumnOptionalInt(9);
    w.archived_at = stmt.ColumnOptionalInt(10);
    by_id[w.id] = out.size();
    out.push_back(std::move(w));
  }
  if (out.empty()) return out;
  LH_ASSIGN_OR_RETURN(CatalogStatement handoffs,
                      db.Prepare("SELECT workspace_id, from_owner, to_owner, reason, "
                                 "by_principal, at FROM workspace_handoffs" +
                                 std::string(id.empty() ? "" : " WHERE workspace_id = ?1") +
                                 " ORDER BY workspace_id, seq"));
  if (!id.empty()) LH_RETURN_IF_ERROR(handoffs.BindText(1, id));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, handoffs.Step());
    if (!more) break;
    auto it = by_id.find(handoffs.ColumnText(0));
    if (it == by_id.end()) continue;
    out[it->second].handoffs.push_back({handoffs.ColumnText(1), handoffs.ColumnText(2),
                                        handoffs.ColumnText(3), handoffs.ColumnText(4),
                                        handoffs.ColumnInt(5)});
  }
  return out;
}

Result<Workspace> ReadOne(CatalogDb& db, std::string_view id) {
  LH_ASSIGN_OR_RETURN(std::vector<Workspace> found, ReadWorkspaces(db, id));
  if (found.empty()) return NotFound("workspace '", id, "' not found");
  return std::move(found.front());
}

// Reads the workspace and runs `check` on it.
Result<Workspace> ReadChecked(CatalogDb& db, std::string_view id, const WorkspaceCheck& check) {
  LH_ASSIGN_OR_RETURN(Workspace w, ReadOne(db, id));
  if (check) LH_RETURN_IF_ERROR(check(w));
  return w;
}

Status AppendActivity(CatalogDb& db, std::string_view id, const WorkspaceActivity& a) {
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                      db.Prepare("INSERT INTO workspace_activity (workspace_id, at, principal, "
                                 "action, detail) VALUES (?1, ?2, ?3, ?4, ?5)"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, a.at));
  LH_RETURN_IF_ERROR(stmt.BindText(3, a.principal));
  LH_RETURN_IF_ERROR(stmt.BindText(4, a.action));
  LH_RETURN_IF_ERROR(stmt.BindText(5, DumpJson(a.detail)));
  return stmt.Run();
}

Status Touch(CatalogDb& db, std::string_view id, int64_t at) {
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                      db.Prepare("UPDATE workspaces SET updated_at = ?2 WHERE id = ?1"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, at));
  return stmt.Run();
}

Status WriteFields(CatalogDb& db, const Workspace& w) {
  LH_ASSIGN_OR_RETURN(
      CatalogStatement stmt,
      db.Prepare("UPDATE workspaces SET name = ?2, description = ?3, tier = ?4, owner = ?5, "
                 "shared_with = ?6, updated_at = ?7, expires_at = ?8, archived_at = ?9 "
                 "WHERE id = ?1"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, w.id));
  LH_RETURN_IF_ERROR(stmt.BindText(2, w.name));
  LH_RETURN_IF_ERROR(stmt.BindText(3, w.description));
  LH_RETURN_IF_ERROR(stmt.BindText(4, WorkspaceTierName(w.tier)));
  LH_RETURN_IF_ERROR(stmt.BindText(5, w.owner));
  LH_RETURN_IF_ERROR(stmt.BindText(6, DumpJson(SharedToJson(w.shared_with))));
  LH_RETURN_IF_ERROR(stmt.BindInt(7, w.updated_at));
  LH_RETURN_IF_ERROR(stmt.BindOptionalInt(8, w.expires_at));
  LH_RETURN_IF_ERROR(stmt.BindOptionalInt(9, w.archived_at));
  return stmt.Run();
}

Result<std::vector<SavedSearch>> ReadSearches(CatalogDb& db, std::string_view id,
                                              std::string_view name) {
  LH_ASSIGN_OR_RETURN(
      CatalogStatement stmt,
      db.Prepare(std::string("SELECT spec, created_by, created_at, last_run_at, last_run_by, "
                             "last_row_count, run_count FROM workspace_searches WHERE "
                             "workspace_id = ?1") +
                 (name.empty() ? "" : " AND name = ?2") + " ORDER BY name"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  if (!name.empty()) LH_RETURN_IF_ERROR(stmt.BindText(2, name));
  std::vector<SavedSearch> out;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
    LH_ASSIGN_OR_RETURN(Json spec, ParseJson(stmt.ColumnText(0)));
    LH_ASSIGN_OR_RETURN(SavedSearch s, SavedSearchFromJson(spec));
    s.created_by = stmt.ColumnText(1);
    s.created_at = stmt.ColumnInt(2);
    s.last_run_at = stmt.ColumnInt(3);
    s.last_run_by = stmt.ColumnText(4);
    s.last_row_count = stmt.ColumnInt(5);
    s.run_count = stmt.ColumnInt(6);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<ShortlistItem>> ReadShortlist(CatalogDb& db, std::string_view id,
                                                 std::optional<int64_t> item_id) {
  LH_ASSIGN_OR_RETURN(
      CatalogStatement stmt,
      db.Prepare(std::string("SELECT id, dataset, entity_key, note, added_by, added_at FROM "
                             "workspace_shortlist WHERE workspace_id = ?1") +
                 (item_id ? " AND id = ?2" : "") + " ORDER BY id"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  if (item_id) LH_RETURN_IF_ERROR(stmt.BindInt(2, *item_id));
  std::vector<ShortlistItem> out;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
    out.push_back({stmt.ColumnInt(0), stmt.ColumnText(1), stmt.ColumnText(2), stmt.ColumnText(3),
                   stmt.ColumnText(4), stmt.ColumnInt(5)});
  }
  return out;
}

Result<ShortlistItem> ReadItem(CatalogDb& db, std::string_view id, int64_t item_id) {
  LH_ASSIGN_OR_RETURN(std::vector<ShortlistItem> items, ReadShortlist(db, id, item_id));
  if (items.empty()) return NotFound("shortlist item ", item_id, " not found");
  return std::move(items.front());
}

}  // namespace

WorkspaceStore::WorkspaceStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kStoreName, Steps());
}

Status WorkspaceStore::Insert(const Workspace& w, WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        CatalogStatement stmt,
        db.Prepare("INSERT INTO workspaces (id, name, description, tier, owner, shared_with, "
                   "created_by, created_at, updated_at, expires_at, archived_at) VALUES (?1, ?2, "
                   "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, w.id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, w.name));
    LH_RETURN_IF_ERROR(stmt.BindText(3, w.description));
    LH_RETURN_IF_ERROR(stmt.BindText(4, WorkspaceTierName(w.tier)));
    LH_RETURN_IF_ERROR(stmt.BindText(5, w.owner));
    LH_RETURN_IF_ERROR(stmt.BindText(6, DumpJson(SharedToJson(w.shared_with))));
    LH_RETURN_IF_ERROR(stmt.BindText(7, w.created_by));
    LH_RETURN_IF_ERROR(stmt.BindInt(8, w.created_at));
    LH_RETURN_IF_ERROR(stmt.BindInt(9, w.updated_at));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(10, w.expires_at));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(11, w.archived_at));
    LH_RETURN_IF_ERROR(stmt.Run());
    return AppendActivity(db, w.id, activity);
  });
}

Result<Workspace> WorkspaceStore::Get(std::string_view id) {
  return metastore_->Read([&](CatalogDb& db) { return ReadOne(db, id); });
}

Result<WorkspaceDetail> WorkspaceStore::GetDetail(std::string_view id) {
  return metastore_->Read([&](CatalogDb& db) -> Result<WorkspaceDetail> {
    WorkspaceDetail detail;
    LH_ASSIGN_OR_RETURN(detail.workspace, ReadOne(db, id));
    LH_ASSIGN_OR_RETURN(detail.searches, ReadSearches(db, id, ""));
    LH_ASSIGN_OR_RETURN(detail.shortlist, ReadShortlist(db, id, std::nullopt));
    return detail;
  });
}

Result<std::vector<Workspace>> WorkspaceStore::List() {
  return metastore_->Read([&](CatalogDb& db) { return ReadWorkspaces(db, ""); });
}

Result<SavedSearch> WorkspaceStore::GetSearch(std::string_view id, std::string_view name) {
  return metastore_->Read([&](CatalogDb& db) -> Result<SavedSearch> {
    LH_RETURN_IF_ERROR(ReadOne(db, id).status());
    LH_ASSIGN_OR_RETURN(std::vector<SavedSearch> found, ReadSearches(db, id, name));
    if (found.empty()) return NotFound("saved search '", name, "' not found");
    return std::move(found.front());
  });
}

Result<Workspace> WorkspaceStore::Update(std::string_view id, const WorkspaceCheck& check,
                                         const std::function<Status(Workspace*, Json*)>& change,
                                         WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Result<Workspace> {
    LH_ASSIGN_OR_RETURN(Workspace w, ReadChecked(db, id, check));
    LH_RETURN_IF_ERROR(change(&w, &activity.detail));
    w.updated_at = activity.at;
    LH_RETURN_IF_ERROR(WriteFields(db, w));
    LH_RETURN_IF_ERROR(AppendActivity(db, id, activity));
    return w;
  });
}

Result<Workspace> WorkspaceStore::Handoff(std::string_view id, const WorkspaceCheck& check,
                                          const WorkspaceHandoff& handoff,
                                          WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Result<Workspace> {
    LH_ASSIGN_OR_RETURN(Workspace w, ReadChecked(db, id, check));
    WorkspaceHandoff step = handoff;
    step.from = w.owner;
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("INSERT INTO workspace_handoffs (workspace_id, seq, "
                                   "from_owner, to_owner, reason, by_principal, at) VALUES (?1, "
                                   "?2, ?3, ?4, ?5, ?6, ?7)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, static_cast<int64_t>(w.handoffs.size()) + 1));
    LH_RETURN_IF_ERROR(stmt.BindText(3, step.from));
    LH_RETURN_IF_ERROR(stmt.BindText(4, step.to));
    LH_RETURN_IF_ERROR(stmt.BindText(5, step.reason));
    LH_RETURN_IF_ERROR(stmt.BindText(6, step.by));
    LH_RETURN_IF_ERROR(stmt.BindInt(7, step.at));
    LH_RETURN_IF_ERROR(stmt.Run());
    w.handoffs.push_back(step);
    w.owner = step.to;
    w.updated_at = activity.at;
    LH_RETURN_IF_ERROR(WriteFields(db, w));
    activity.detail["from"] = step.from;
    LH_RETURN_IF_ERROR(AppendActivity(db, id, activity));
    return w;
  });
}

Status WorkspaceStore::Delete(std::string_view id, const WorkspaceCheck& check) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_RETURN_IF_ERROR(ReadChecked(db, id, check).status());
    for (const char* sql : {"DELETE FROM workspace_handoffs WHERE workspace_id = ?1",
                            "DELETE FROM workspace_searches WHERE workspace_id = ?1",
                            "DELETE FROM workspace_shortlist WHERE workspace_id = ?1",
                            "DELETE FROM workspace_activity WHERE workspace_id = ?1",
                            "DELETE FROM workspaces WHERE id = ?1"}) {
      LH_ASSIGN_OR_RETURN(CatalogStatement stmt, db.Prepare(sql));
      LH_RETURN_IF_ERROR(stmt.BindText(1, id));
      LH_RETURN_IF_ERROR(stmt.Run());
    }
    return Status::Ok();
  });
}

Status WorkspaceStore::PutSearch(std::string_view id, const WorkspaceCheck& check,
                                 const SavedSearch& search, WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_RETURN_IF_ERROR(ReadChecked(db, id, check).status());
    LH_ASSIGN_OR_RETURN(std::vector<SavedSearch> existing, ReadSearches(db, id, search.name));
    if (!existing.empty()) {
      return Conflict("saved search '", search.name, "' already exists in this workspace");
    }
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("INSERT INTO workspace_searches (workspace_id, name, spec, "
                                   "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, search.name));
    LH_RETURN_IF_ERROR(stmt.BindText(3, DumpJson(SavedSearchSpecToJson(search))));
    LH_RETURN_IF_ERROR(stmt.BindText(4, search.created_by));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, search.created_at));
    LH_RETURN_IF_ERROR(stmt.Run());
    LH_RETURN_IF_ERROR(Touch(db, id, activity.at));
    return AppendActivity(db, id, activity);
  });
}

Status WorkspaceStore::RemoveSearch(std::string_view id, const WorkspaceCheck& check,
                                    std::string_view name, WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_RETURN_IF_ERROR(ReadChecked(db, id, check).status());
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("DELETE FROM workspace_searches WHERE workspace_id = ?1 AND "
                                   "name = ?2"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, name));
    LH_RETURN_IF_ERROR(stmt.Run());
    if (db.Changes() == 0) return NotFound("saved search '", name, "' not found");
    LH_RETURN_IF_ERROR(Touch(db, id, activity.at));
    return AppendActivity(db, id, activity);
  });
}

Status WorkspaceStore::RecordRun(std::string_view id, std::string_view name, int64_t row_count,
                                 WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("UPDATE workspace_searches SET last_run_at = ?3, "
                                   "last_run_by = ?4, last_row_count = ?5, run_count = "
                                   "run_count + 1 WHERE workspace_id = ?1 AND name = ?2"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, name));
    LH_RETURN_IF_ERROR(stmt.BindInt(3, activity.at));
    LH_RETURN_IF_ERROR(stmt.BindText(4, activity.principal));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, row_count));
    LH_RETURN_IF_ERROR(stmt.Run());
    if (db.Changes() == 0) return NotFound("saved search '", name, "' not found");
    return AppendActivity(db, id, activity);
  });
}

Result<ShortlistItem> WorkspaceStore::AddShortlistItem(std::string_view id,
                                                       const WorkspaceCheck& check,
                                                       ShortlistItem item,
                                                       WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Result<ShortlistItem> {
    LH_RETURN_IF_ERROR(ReadChecked(db, id, check).status());
    LH_ASSIGN_OR_RETURN(CatalogStatement exists,
                        db.Prepare("SELECT id FROM workspace_shortlist WHERE workspace_id = ?1 "
                                   "AND dataset = ?2 AND entity_key = ?3"));
    LH_RETURN_IF_ERROR(exists.BindText(1, id));
    LH_RETURN_IF_ERROR(exists.BindText(2, item.dataset));
    LH_RETURN_IF_ERROR(exists.BindText(3, item.key));
    LH_ASSIGN_OR_RETURN(bool listed, exists.Step());
    if (listed) {
      return Conflict(item.dataset, " '", item.key, "' is already on the shortlist (item ",
                      exists.ColumnInt(0), ")");
    }
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("INSERT INTO workspace_shortlist (workspace_id, dataset, "
                                   "entity_key, note, added_by, added_at) VALUES (?1, ?2, ?3, "
                                   "?4, ?5, ?6) RETURNING id"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, item.dataset));
    LH_RETURN_IF_ERROR(stmt.BindText(3, item.key));
    LH_RETURN_IF_ERROR(stmt.BindText(4, item.note));
    LH_RETURN_IF_ERROR(stmt.BindText(5, item.added_by));
    LH_RETURN_IF_ERROR(stmt.BindInt(6, item.added_at));
    LH_ASSIGN_OR_RETURN(bool inserted, stmt.Step());
    if (!inserted) return Internal("shortlist insert returned no id");
    item.id = stmt.ColumnInt(0);
    LH_ASSIGN_OR_RETURN(bool done, stmt.Step());
    (void)done;
    activity.detail["item"] = item.id;
    LH_RETURN_IF_ERROR(Touch(db, id, activity.at));
    LH_RETURN_IF_ERROR(AppendActivity(db, id, activity));
    return item;
  });
}

Result<ShortlistItem> WorkspaceStore::SetShortlistNote(std::string_view id,
                                                       const WorkspaceCheck& check, int64_t item_id,
                                                       const std::string& note,
                                                       WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Result<ShortlistItem> {
    LH_RETURN_IF_ERROR(ReadChecked(db, id, check).status());
    LH_ASSIGN_OR_RETURN(ShortlistItem item, ReadItem(db, id, item_id));
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("UPDATE workspace_shortlist SET note = ?2 WHERE id = ?1"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, item_id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, note));
    LH_RETURN_IF_ERROR(stmt.Run());
    item.note = note;
    LH_RETURN_IF_ERROR(Touch(db, id, activity.at));
    LH_RETURN_IF_ERROR(AppendActivity(db, id, activity));
    return item;
  });
}

Status WorkspaceStore::RemoveShortlistItem(std::string_view id, const WorkspaceCheck& check,
                                           int64_t item_id, WorkspaceActivity activity) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_RETURN_IF_ERROR(ReadChecked(db, id, check).status());
    LH_ASSIGN_OR_RETURN(ShortlistItem item, ReadItem(db, id, item_id));
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("DELETE FROM workspace_shortlist WHERE id = ?1"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, item_id));
    LH_RETURN_IF_ERROR(stmt.Run());
    activity.detail["dataset"] = item.dataset;
    activity.detail["key"] = item.key;
    LH_RETURN_IF_ERROR(Touch(db, id, activity.at));
    return AppendActivity(db, id, activity);
  });
}

Result<std::vector<std::string>> WorkspaceStore::ArchiveExpired(int64_t now_us) {
  return metastore_->Write([&](CatalogDb& db) -> Result<std::vector<std::string>> {
    LH_ASSIGN_OR_RETURN(CatalogStatement due,
                        db.Prepare("SELECT id, expires_at FROM workspaces WHERE archived_at IS "
                                   "NULL AND expires_at IS NOT NULL AND expires_at <= ?1"));
    LH_RETURN_IF_ERROR(due.BindInt(1, now_us));
    std::vector<std::pair<std::string, int64_t>> expired;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, due.Step());
      if (!more) break;
      expired.emplace_back(due.ColumnText(0), due.ColumnInt(1));
    }
    std::vector<std::string> ids;
    for (const auto& [id, expires_at] : expired) {
      LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                          db.Prepare("UPDATE workspaces SET archived_at = ?2 WHERE id = ?1"));
      LH_RETURN_IF_ERROR(stmt.BindText(1, id));
      LH_RETURN_IF_ERROR(stmt.BindInt(2, expires_at));
      LH_RETURN_IF_ERROR(stmt.Run());
      WorkspaceActivity line;
      line.at = expires_at;
      line.principal = "system";
      line.action = "archived";
      line.detail = {{"reason", "its tier expired"}};
      LH_RETURN_IF_ERROR(AppendActivity(db, id, line));
      ids.push_back(id);
    }
    return ids;
  });
}

Result<std::optional<int64_t>> WorkspaceStore::NextExpiry() {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::optional<int64_t>> {
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("SELECT min(expires_at) FROM workspaces WHERE archived_at IS "
                                   "NULL AND expires_at IS NOT NULL"));
    LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<int64_t>();
    return stmt.ColumnOptionalInt(0);
  });
}

Result<std::vector<WorkspaceActivity>> WorkspaceStore::Activity(std::string_view id,
                                                                int64_t limit) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<WorkspaceActivity>> {
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("SELECT id, at, principal, action, detail FROM "
                                   "workspace_activity WHERE workspace_id = ?1 ORDER BY id DESC "
                                   "LIMIT ?2"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, limit));
    std::vector<WorkspaceActivity> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
      if (!more) break;
      WorkspaceActivity e;
      e.id = stmt.ColumnInt(0);
      e.workspace_id = std::string(id);
      e.at = stmt.ColumnInt(1);
      e.principal = stmt.ColumnText(2);
      e.action = stmt.ColumnText(3);
      LH_ASSIGN_OR_RETURN(e.detail, ParseJson(stmt.ColumnText(4)));
      out.push_back(std::move(e));
    }
    return out;
  });
}

}  // namespace lakehouse
