#include "tools/tool_store.h"

#include "catalog/catalog_statement.h"

namespace lakehouse {
namespace {

constexpr char kStoreName[] = "tools";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE tools (
  name       TEXT NOT NULL PRIMARY KEY,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE tool_calls (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  time_us     INTEGER NOT NULL,
  principal   TEXT NOT NULL,
  tool        TEXT NOT NULL,
  arguments   TEXT NOT NULL,
  row_count   INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  status      TEXT NOT NULL,
  error       TEXT NOT NULL,
  elapsed_ms  REAL NOT NULL,
  via         TEXT NOT NULL
) STRICT;
CREATE INDEX tool_calls_by_tool ON tool_calls (tool, id);
)sql";

const std::vector<Migration>& Steps() {
  static const std::vector<Migration> kSteps = {{1, "tool registry (issue 21)", kSchema}};
  return kSteps;
}

Result<std::vector<ToolDefinition>> ReadTools(CatalogDb& db, std::string_view name) {
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                      db.Prepare(std::string("SELECT definition FROM tools") +
                                 (name.empty() ? "" : " WHERE name = ?1") + " ORDER BY name"));
  if (!name.empty()) LH_RETURN_IF_ERROR(stmt.BindText(1, std::string(name)));
  std::vector<ToolDefinition> out;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
    LH_ASSIGN_OR_RETURN(Json json, ParseJson(stmt.ColumnText(0)));
    LH_ASSIGN_OR_RETURN(ToolDefinition tool, ToolDefinitionFromJson(json));
    out.push_back(std::move(tool));
  }
  return out;
}

}  // namespace

Json ToolCallRecord::ToJson() const {
  return {{"id", id},
          {"time_us", time_us},
          {"principal", principal},
          {"tool", tool},
          {"arguments", arguments},
          {"row_count", row_count < 0 ? Json() : Json(row_count)},
          {"fingerprint", fingerprint},
          {"status", status},
          {"error", error.empty() ? Json() : Json(error)},
          {"elapsed_ms", elapsed_ms},
          {"via", via}};
}

ToolStore::ToolStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kStoreName, Steps());
}

Result<std::vector<ToolDefinition>> ToolStore::List() {
  return metastore_->Read([](CatalogDb& db) { return ReadTools(db, ""); });
}

Result<ToolDefinition> ToolStore::Get(std::string_view name) {
  LH_ASSIGN_OR_RETURN(std::vector<ToolDefinition> found,
                      metastore_->Read([&](CatalogDb& db) { return ReadTools(db, name); }));
  if (found.empty()) return NotFound("tool '", name, "' not found");
  return std::move(found.front());
}

Status ToolStore::Put(const ToolDefinition& tool, bool replace) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(std::vector<ToolDefinition> existing, ReadTools(db, tool.name));
    if (!existing.empty() && !replace) return Conflict("tool '", tool.name, "' already exists");
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("INSERT OR REPLACE INTO tools (name, definition, created_at) "
                                   "VALUES (?1, ?2, ?3)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, tool.name));
    LH_RETURN_IF_ERROR(stmt.BindText(2, ToolDefinitionToJson(tool).dump()));
    LH_RETURN_IF_ERROR(stmt.BindInt(3, tool.created_at));
    return stmt.Run();
  });
}

Status ToolStore::Remove(std::string_view name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(std::vector<ToolDefinition> existing, ReadTools(db, name));
    if (existing.empty()) return NotFound("tool '", name, "' not found");
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt, db.Prepare("DELETE FROM tools WHERE name = ?1"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, std::string(name)));
    return stmt.Run();
  });
}

Status ToolStore::RecordCall(const ToolCallRecord& call) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        CatalogStatement stmt,
        db.Prepare("INSERT INTO tool_calls (time_us, principal, tool, arguments, row_count, "
                   "fingerprint, status, error, elapsed_ms, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "?7, ?8, ?9, ?10)"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, call.time_us));
    LH_RETURN_IF_ERROR(stmt.BindText(2, call.principal));
    LH_RETURN_IF_ERROR(stmt.BindText(3, call.tool));
    LH_RETURN_IF_ERROR(stmt.BindText(4, call.arguments.dump()));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, call.row_count));
    LH_RETURN_IF_ERROR(stmt.BindText(6, call.fingerprint));
    LH_RETURN_IF_ERROR(stmt.BindText(7, call.status));
    LH_RETURN_IF_ERROR(stmt.BindText(8, call.error));
    LH_RETURN_IF_ERROR(stmt.BindDouble(9, call.elapsed_ms));
    LH_RETURN_IF_ERROR(stmt.BindText(10, call.via));
    return stmt.Run();
  });
}

Result<std::vector<ToolCallRecord>> ToolStore::Calls(const ToolCallFilter& filter) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<ToolCallRecord>> {
    LH_ASSIGN_OR_RETURN(
        CatalogStatement stmt,
        db.Prepare("SELECT id, time_us, principal, tool, arguments, row_count, fingerprint, "
                   "status, error, elapsed_ms, via FROM tool_calls WHERE (?1 IS NULL OR tool = "
                   "?1) AND (?2 IS NULL OR principal = ?2) ORDER BY id DESC LIMIT ?3"));
    if (filter.tool) {
      LH_RETURN_IF_ERROR(stmt.BindText(1, *filter.tool));
    } else {
      LH_RETURN_IF_ERROR(stmt.BindNull(1));
    }
    if (filter.principal) {
      LH_RETURN_IF_ERROR(stmt.BindText(2, *filter.principal));
    } else {
      LH_RETURN_IF_ERROR(stmt.BindNull(2));
    }
    LH_RETURN_IF_ERROR(stmt.BindInt(3, filter.limit));
    std::vector<ToolCallRecord> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
      if (!more) break;
      ToolCallRecord r;
      r.id = stmt.ColumnInt(0);
      r.time_us = stmt.ColumnInt(1);
      r.principal = stmt.ColumnText(2);
      r.tool = stmt.ColumnText(3);
      LH_ASSIGN_OR_RETURN(r.arguments, ParseJson(stmt.ColumnText(4)));
      r.row_count = stmt.ColumnInt(5);
      r.fingerprint = stmt.ColumnText(6);
      r.status = stmt.ColumnText(7);
      r.error = stmt.ColumnText(8);
      r.elapsed_ms = stmt.ColumnDouble(9);
      r.via = stmt.ColumnText(10);
      out.push_back(std::move(r));
    }
    return out;
  });
}

}  // namespace lakehouse
