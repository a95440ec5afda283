#include "access/column_policy_store.h"

#include <algorithm>

#include "catalog/catalog_statement.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

constexpr char kStoreName[] = "column_policies";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE column_policies (
  dataset_id  TEXT NOT NULL,
  column_name TEXT NOT NULL COLLATE NOCASE,
  redaction   TEXT NOT NULL CHECK (redaction IN ('null', 'hash', 'mask', 'deny')),
  keep_prefix INTEGER NOT NULL DEFAULT 0,
  keep_suffix INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dataset_id, column_name)
) STRICT;
)sql";

const std::vector<Migration>& Steps() {
  static const std::vector<Migration> kSteps = {
      {1, "per-column redaction overrides (issue 20)", kSchema}};
  return kSteps;
}

const Column* FindColumn(const Dataset& dataset, std::string_view name) {
  auto it = std::find_if(dataset.columns.begin(), dataset.columns.end(),
                         [&](const Column& c) { return EqualsIgnoreAsciiCase(c.name, name); });
  return it == dataset.columns.end() ? nullptr : &*it;
}

struct Row {
  std::string dataset_id;
  std::string column;
  Redaction redaction;
};

Result<std::vector<Row>> ReadRows(CatalogDb& db) {
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                      db.Prepare("SELECT dataset_id, column_name, redaction, keep_prefix, "
                                 "keep_suffix FROM column_policies ORDER BY dataset_id, "
                                 "column_name"));
  std::vector<Row> rows;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
    Row row;
    row.dataset_id = stmt.ColumnText(0);
    row.column = stmt.ColumnText(1);
    LH_ASSIGN_OR_RETURN(row.redaction.kind, ParseRedactionKind(stmt.ColumnText(2)));
    row.redaction.keep_prefix = static_cast<int32_t>(stmt.ColumnInt(3));
    row.redaction.keep_suffix = static_cast<int32_t>(stmt.ColumnInt(4));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

ColumnPolicyStore::ColumnPolicyStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kStoreName, Steps());
}

Result<std::map<std::string, ColumnRedactions>> ColumnPolicyStore::ByDatasetId() {
  LH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                      metastore_->Read([](CatalogDb& db) { return ReadRows(db); }));
  std::map<std::string, ColumnRedactions> out;
  for (Row& row : rows) out[row.dataset_id][AsciiLower(row.column)] = row.redaction;
  return out;
}

Result<std::vector<ColumnPolicy>> ColumnPolicyStore::List() {
  LH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                      metastore_->Read([](CatalogDb& db) { return ReadRows(db); }));
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  std::vector<ColumnPolicy> out;
  for (const Dataset& dataset : datasets) {
    for (const Row& row : rows) {
      if (row.dataset_id != dataset.id) continue;
      const Column* column = FindColumn(dataset, row.column);
      out.push_back(ColumnPolicy{dataset.name, column ? column->name : row.column, row.redaction});
    }
  }
  return out;
}

Result<ColumnPolicy> ColumnPolicyStore::Set(std::string_view dataset_name,
                                            std::string_view column_name,
                                            const Redaction& redaction) {
  if (redaction.kind == RedactionKind::kNone) {
    return InvalidArgument("redaction 'none' would show the column: delete the override instead");
  }
  if (redaction.keep_prefix < 0 || redaction.keep_suffix < 0 || redaction.keep_prefix > 64 ||
      redaction.keep_suffix > 64) {
    return InvalidArgument("keep_prefix and keep_suffix must be between 0 and 64");
  }
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(dataset_name));
  const Column* column = FindColumn(dataset, column_name);
  if (column == nullptr) {
    return NotFound("dataset '", dataset.name, "' has no column '", column_name, "'");
  }
  const bool mask = redaction.kind == RedactionKind::kMask;
  Redaction stored{redaction.kind, mask ? redaction.keep_prefix : 0,
                   mask ? redaction.keep_suffix : 0};
  LH_RETURN_IF_ERROR(metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        CatalogStatement stmt,
        db.Prepare("INSERT INTO column_policies (dataset_id, column_name, redaction, keep_prefix, "
                   "keep_suffix) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dataset_id, "
                   "column_name) DO UPDATE SET redaction = excluded.redaction, keep_prefix = "
                   "excluded.keep_prefix, keep_suffix = excluded.keep_suffix"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, dataset.id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, column->name));
    LH_RETURN_IF_ERROR(stmt.BindText(3, RedactionKindName(stored.kind)));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, stored.keep_prefix));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, stored.keep_suffix));
    return stmt.Run();
  }));
  return ColumnPolicy{dataset.name, column->name, stored};
}

Status ColumnPolicyStore::Remove(std::string_view dataset_name, std::string_view column_name) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(dataset_name));
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(CatalogStatement stmt,
                        db.Prepare("DELETE FROM column_policies WHERE dataset_id = ?1 AND "
                                   "column_name = ?2 RETURNING 1"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, dataset.id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, std::string(column_name)));
    LH_ASSIGN_OR_RETURN(bool removed, stmt.Step());
    if (!removed) {
      return NotFound("column '", column_name, "' of dataset '", dataset.name,
                      "' has no redaction override");
    }
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    (void)more;
    return Status::Ok();
  });
}

}  // namespace lakehouse
