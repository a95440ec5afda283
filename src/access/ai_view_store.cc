#include "access/ai_view_store.h"

#include <algorithm>

#include "catalog/catalog_statement.h"
#include "common/json.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

constexpr char kStoreName[] = "ai_views";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE ai_views (
  name              TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  base_dataset_id   TEXT NOT NULL,
  columns           TEXT NOT NULL DEFAULT '[]',
  row_filter        TEXT NOT NULL DEFAULT '',
  column_redactions TEXT NOT NULL DEFAULT '{}',
  created_at        INTEGER NOT NULL
) STRICT;
)sql";

const std::vector<Migration>& Steps() {
  static const std::vector<Migration> kSteps = {{1, "AI-safe views (issue 20)", kSchema}};
  return kSteps;
}

Json RedactionsToJson(const ColumnRedactions& redactions) {
  Json out = Json::object();
  for (const auto& [column, r] : redactions) {
    out[column] = Json{{"redaction", RedactionKindName(r.kind)},
                       {"keep_prefix", r.keep_prefix},
                       {"keep_suffix", r.keep_suffix}};
  }
  return out;
}

Result<ColumnRedactions> RedactionsFromJson(const std::string& text) {
  LH_ASSIGN_OR_RETURN(Json json, ParseJson(text));
  ColumnRedactions out;
  for (const auto& [column, r] : json.items()) {
    Redaction redaction;
    LH_ASSIGN_OR_RETURN(redaction.kind, ParseRedactionKind(r.value("redaction", "null")));
    redaction.keep_prefix = r.value("keep_prefix", 0);
    redaction.keep_suffix = r.value("keep_suffix", 0);
    out[column] = redaction;
  }
  return out;
}

struct Row {
  AiView view;
  std::string columns_json;
  std::string redactions_json;
};

Result<std::vector<Row>> ReadRows(CatalogDb& db, std::string_view name) {
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                      db.Prepare(std::string("SELECT name, base_dataset_id, columns, row_filter, "
                                             "column_redactions, created_at FROM ai_views") +
                                 (name.empty() ? "" : " WHERE name = ?1") + " ORDER BY name"));
  if (!name.empty()) LH_RETURN_IF_ERROR(stmt.BindText(1, std::string(name)));
  std::vector<Row> rows;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
    Row row;
    row.view.name = stmt.ColumnText(0);
    row.view.base_dataset_id = stmt.ColumnText(1);
    row.columns_json = stmt.ColumnText(2);
    row.view.row_filter = stmt.ColumnText(3);
    row.redactions_json = stmt.ColumnText(4);
    row.view.created_at = stmt.ColumnInt(5);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

AiViewStore::AiViewStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kStoreName, Steps());
}

Result<std::vector<AiView>> AiViewStore::List() {
  LH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                      metastore_->Read([](CatalogDb& db) { return ReadRows(db, ""); }));
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  std::vector<AiView> out;
  for (Row& row : rows) {
    auto base = std::find_if(datasets.begin(), datasets.end(),
                             [&](const Dataset& d) { return d.id == row.view.base_dataset_id; });
    if (base == datasets.end()) continue;
    row.view.base_dataset = base->name;
    LH_ASSIGN_OR_RETURN(Json columns, ParseJson(row.columns_json));
    for (const Json& c : columns) {
      if (c.is_string()) row.view.columns.push_back(c.get<std::string>());
    }
    LH_ASSIGN_OR_RETURN(row.view.column_redactions, RedactionsFromJson(row.redactions_json));
    out.push_back(std::move(row.view));
  }
  return out;
}

Result<AiView> AiViewStore::Get(std::string_view name) {
  LH_ASSIGN_OR_RETURN(std::vector<AiView> all, List());
  for (AiView& view : all) {
    if (EqualsIgnoreAsciiCase(view.name, name)) return std::move(view);
  }
  return NotFound("view '", name, "' not found");
}

Status AiViewStore::Insert(const AiView& view) {
  Json columns = Json::array();
  for (const std::string& c : view.columns) columns.push_back(c);
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(std::vector<Row> existing, ReadRows(db, view.name));
    if (!existing.empty()) return Conflict("view '", view.name, "' already exists");
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("INSERT INTO ai_views (name, base_dataset_id, columns, "
                                   "row_filter, column_redactions, created_at) VALUES (?1, ?2, "
                                   "?3, ?4, ?5, ?6)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, view.name));
    LH_RETURN_IF_ERROR(stmt.BindText(2, view.base_dataset_id));
    LH_RETURN_IF_ERROR(stmt.BindText(3, columns.dump()));
    LH_RETURN_IF_ERROR(stmt.BindText(4, view.row_filter));
    LH_RETURN_IF_ERROR(stmt.BindText(5, RedactionsToJson(view.column_redactions).dump()));
    LH_RETURN_IF_ERROR(stmt.BindInt(6, view.created_at));
    return stmt.Run();
  });
}

Status AiViewStore::Remove(std::string_view name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(std::vector<Row> existing, ReadRows(db, name));
    if (existing.empty()) return NotFound("view '", name, "' not found");
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt, db.Prepare("DELETE FROM ai_views WHERE name = ?1"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, std::string(name)));
    return stmt.Run();
  });
}

}  // namespace lakehouse
