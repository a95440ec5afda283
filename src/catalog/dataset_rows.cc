#include "catalog/dataset_rows.h"

#include <array>
#include <map>
#include <string>

#include "catalog/catalog_statement.h"
#include "common/json.h"

namespace lakehouse {

namespace {

// The columns of `datasets` every read selects, in this order: read with ColumnX(kField), never
// by a bare number.
enum DatasetField : int {
  kId,
  kName,
  kDescription,
  kOwner,
  kDeclaredSensitivity,
  kBucket,
  kPrimaryKey,
  kSourceSystem,
  kSourceUri,
  kIngestJobId,
  kParentDatasets,
  kCreatedAt,
  kUpdatedAt,
  kLastIngestAt,
  kRowCount,
  kSizeBytes,
  kSchemaFingerprint,
  kCurrentVersion,
  kDatasetFieldCount
};
constexpr std::array<std::string_view, kDatasetFieldCount> kDatasetFieldNames = {
    "id",
    "name",
    "description",
    "owner",
    "declared_sensitivity",
    "bucket",
    "primary_key",
    "source_system",
    "source_uri",
    "ingest_job_id",
    "parent_datasets",
    "created_at",
    "updated_at",
    "last_ingest_at",
    "row_count",
    "size_bytes",
    "schema_fingerprint",
    "current_version"};

const std::string& DatasetColumns() {
  static const std::string list = [] {
    std::string out;
    for (std::string_view name : kDatasetFieldNames) {
      out += std::string(out.empty() ? "" : ", ") += name;
    }
    return out;
  }();
  return list;
}

Sensitivity ToSensitivity(int64_t value) {
  if (value < 0 || value > 3) return Sensitivity::kRestricted;  // CHECK constraint forbids this
  return static_cast<Sensitivity>(value);
}

std::vector<std::string> ParseStringArray(const std::string& text) {
  auto parsed = ParseJson(text);
  std::vector<std::string> out;
  if (!parsed.ok() || !parsed->is_array()) return out;
  for (const Json& item : *parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

Dataset ReadDatasetRow(const CatalogStatement& row) {
  Dataset d;
  d.id = row.ColumnText(kId);
  d.name = row.ColumnText(kName);
  d.description = row.ColumnText(kDescription);
  d.owner = row.ColumnText(kOwner);
  d.declared_sensitivity = ToSensitivity(row.ColumnInt(kDeclaredSensitivity));
  d.bucket = row.ColumnText(kBucket);
  if (!row.ColumnIsNull(kPrimaryKey)) d.primary_key = ParseStringArray(row.ColumnText(kPrimaryKey));
  d.lineage.source_system = row.ColumnText(kSourceSystem);
  d.lineage.source_uri = row.ColumnText(kSourceUri);
  d.lineage.ingest_job_id = row.ColumnText(kIngestJobId);
  d.lineage.parent_datasets = ParseStringArray(row.ColumnText(kParentDatasets));
  d.created_at = row.ColumnInt(kCreatedAt);
  d.updated_at = row.ColumnInt(kUpdatedAt);
  d.last_ingest_at = row.ColumnOptionalInt(kLastIngestAt);
  d.row_count = row.ColumnInt(kRowCount);
  d.size_bytes = row.ColumnInt(kSizeBytes);
  d.schema_fingerprint = row.ColumnText(kSchemaFingerprint);
  d.current_version = row.ColumnInt(kCurrentVersion);
  return d;
}

Column ReadColumnRow(const CatalogStatement& row, int first) {
  Column c;
  c.name = row.ColumnText(first);
  c.type = row.ColumnText(first + 1);
  c.nullable = row.ColumnBool(first + 2);
  c.description = row.ColumnText(first + 3);
  if (!row.ColumnIsNull(first + 4)) {
    auto kind = ParsePiiKind(row.ColumnText(first + 4));
    if (kind.ok()) c.pii = PiiTag{*kind, row.ColumnDouble(first + 5)};
  }
  if (!row.ColumnIsNull(first + 6))
    c.sensitivity_override = ToSensitivity(row.ColumnInt(first + 6));
  return c;
}

constexpr std::string_view kColumnFields =
    "name, type, nullable, description, pii_kind, pii_confidence, sensitivity_override";

// Binds parameters 1..18: every field but id, in the order of the INSERT/UPDATE column lists.
Status BindDatasetFields(CatalogStatement& stmt, const Dataset& d) {
  LH_RETURN_IF_ERROR(stmt.BindText(1, d.name));
  LH_RETURN_IF_ERROR(stmt.BindText(2, d.description));
  LH_RETURN_IF_ERROR(stmt.BindText(3, d.owner));
  LH_RETURN_IF_ERROR(stmt.BindInt(4, static_cast<int64_t>(d.declared_sensitivity)));
  LH_RETURN_IF_ERROR(stmt.BindInt(5, static_cast<int64_t>(d.EffectiveSensitivity())));
  LH_RETURN_IF_ERROR(stmt.BindText(6, d.bucket));
  if (d.primary_key) {
    LH_RETURN_IF_ERROR(stmt.BindText(7, DumpJson(Json(*d.primary_key))));
  } else {
    LH_RETURN_IF_ERROR(stmt.BindNull(7));
  }
  LH_RETURN_IF_ERROR(stmt.BindText(8, d.lineage.source_system));
  LH_RETURN_IF_ERROR(stmt.BindText(9, d.lineage.source_uri));
  LH_RETURN_IF_ERROR(stmt.BindText(10, d.lineage.ingest_job_id));
  LH_RETURN_IF_ERROR(stmt.BindText(11, DumpJson(Json(d.lineage.parent_datasets))));
  LH_RETURN_IF_ERROR(stmt.BindInt(12, d.created_at));
  LH_RETURN_IF_ERROR(stmt.BindInt(13, d.updated_at));
  LH_RETURN_IF_ERROR(stmt.BindOptionalInt(14, d.last_ingest_at));
  LH_RETURN_IF_ERROR(stmt.BindInt(15, d.row_count));
  LH_RETURN_IF_ERROR(stmt.BindInt(16, d.size_bytes));
  LH_RETURN_IF_ERROR(stmt.BindText(17, d.schema_fingerprint));
  LH_RETURN_IF_ERROR(stmt.BindInt(18, d.current_version));
  return Status::Ok();
}

}  // namespace

Result<std::optional<std::string>> FindLiveDatasetId(CatalogDb& db, std::string_view name) {
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT id FROM datasets WHERE name = ? COLLATE "
                                            "NOCASE AND deleted_at IS NULL"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, name));
  LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
  if (!has_row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.ColumnText(0));
}

Result<std::string> RequireLiveDatasetId(CatalogDb& db, std::string_view name) {
  LH_ASSIGN_OR_RETURN(auto id, FindLiveDatasetId(db, name));
  if (!id) return NotFound("dataset '", std::string(name), "' does not exist");
  return std::move(*id);
}

Result<Dataset> LoadDataset(CatalogDb& db, std::string_view id, bool include_deleted) {
  LH_ASSIGN_OR_RETURN(auto stmt,
                      db.Prepare(StrCat("SELECT ", DatasetColumns(), " FROM datasets WHERE id = ?",
                                        include_deleted ? "" : " AND deleted_at IS NULL")));
  LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
  if (!has_row) return NotFound("dataset with id '", std::string(id), "' does not exist");
  Dataset dataset = ReadDatasetRow(stmt);

  LH_ASSIGN_OR_RETURN(auto columns, db.Prepare(StrCat("SELECT ", std::string(kColumnFields),
                                                      " FROM dataset_columns WHERE dataset_id = ? "
                                                      "ORDER BY ordinal")));
  LH_RETURN_IF_ERROR(columns.BindText(1, id));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, columns.Step());
    if (!more) break;
    dataset.columns.push_back(ReadColumnRow(columns, 0));
  }
  LH_ASSIGN_OR_RETURN(auto tags,
                      db.Prepare("SELECT tag FROM dataset_tags WHERE dataset_id = ? ORDER BY tag"));
  LH_RETURN_IF_ERROR(tags.BindText(1, id));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, tags.Step());
    if (!more) break;
    dataset.tags.push_back(tags.ColumnText(0));
  }
  return dataset;
}

Result<std::vector<Dataset>> LoadLiveDatasets(CatalogDb& db) {
  std::vector<Dataset> datasets;
  std::map<std::string, size_t> index_by_id;
  LH_ASSIGN_OR_RETURN(auto rows, db.Prepare(StrCat("SELECT ", DatasetColumns(),
                                                   " FROM datasets WHERE deleted_at IS NULL "
                                                   "ORDER BY name COLLATE NOCASE")));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, rows.Step());
    if (!more) break;
    datasets.push_back(ReadDatasetRow(rows));
    index_by_id[datasets.back().id] = datasets.size() - 1;
  }
  LH_ASSIGN_OR_RETURN(auto columns,
                      db.Prepare(StrCat("SELECT dataset_id, ", std::string(kColumnFields),
                                        " FROM dataset_columns WHERE dataset_id IN (SELECT id "
                                        "FROM datasets WHERE deleted_at IS NULL) "
                                        "ORDER BY dataset_id, ordinal")));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, columns.Step());
    if (!more) break;
    auto it = index_by_id.find(columns.ColumnText(0));
    if (it != index_by_id.end()) datasets[it->second].columns.push_back(ReadColumnRow(columns, 1));
  }
  LH_ASSIGN_OR_RETURN(auto tags, db.Prepare("SELECT dataset_id, tag FROM dataset_tags "
                                            "ORDER BY dataset_id, tag"));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, tags.Step());
    if (!more) break;
    auto it = index_by_id.find(tags.ColumnText(0));
    if (it != index_by_id.end()) datasets[it->second].tags.push_back(tags.ColumnText(1));
  }
  return datasets;
}

Status InsertDatasetRow(CatalogDb& db, const Dataset& dataset) {
  LH_ASSIGN_OR_RETURN(
      auto stmt,
      db.Prepare("INSERT INTO datasets (name, description, owner, declared_sensitivity, "
                 "effective_sensitivity, bucket, primary_key, source_system, source_uri, "
                 "ingest_job_id, parent_datasets, created_at, updated_at, last_ingest_at, "
                 "row_count, size_bytes, schema_fingerprint, current_version, id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  LH_RETURN_IF_ERROR(BindDatasetFields(stmt, dataset));
  LH_RETURN_IF_ERROR(stmt.BindText(19, dataset.id));
  Status status = stmt.Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("dataset '", dataset.name, "' already exists");
  }
  return status;
}

Status UpdateDatasetRow(CatalogDb& db, const Dataset& dataset) {
  LH_ASSIGN_OR_RETURN(
      auto stmt,
      db.Prepare("UPDATE datasets SET name = ?, description = ?, owner = ?, "
                 "declared_sensitivity = ?, effective_sensitivity = ?, bucket = ?, "
                 "primary_key = ?, source_system = ?, source_uri = ?, ingest_job_id = ?, "
                 "parent_datasets = ?, created_at = ?, updated_at = ?, last_ingest_at = ?, "
                 "row_count = ?, size_bytes = ?, schema_fingerprint = ?, current_version = ? "
                 "WHERE id = ?"));
  LH_RETURN_IF_ERROR(BindDatasetFields(stmt, dataset));
  LH_RETURN_IF_ERROR(stmt.BindText(19, dataset.id));
  LH_RETURN_IF_ERROR(stmt.Run());
  if (db.Changes() != 1) return Internal("dataset row ", dataset.id, " vanished during update");
  return Status::Ok();
}

Status MarkDatasetDeleted(CatalogDb& db, std::string_view id, int64_t deleted_at) {
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("UPDATE datasets SET deleted_at = ?, updated_at = ? "
                                            "WHERE id = ? AND deleted_at IS NULL"));
  LH_RETURN_IF_ERROR(stmt.BindInt(1, deleted_at));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, deleted_at));
  LH_RETURN_IF_ERROR(stmt.BindText(3, id));
  return stmt.Run();
}

Status ReplaceColumns(CatalogDb& db, std::string_view id, const std::vector<Column>& columns) {
  LH_ASSIGN_OR_RETURN(auto clear, db.Prepare("DELETE FROM dataset_columns WHERE dataset_id = ?"));
  LH_RETURN_IF_ERROR(clear.BindText(1, id));
  LH_RETURN_IF_ERROR(clear.Run());
  LH_ASSIGN_OR_RETURN(
      auto insert,
      db.Prepare(StrCat("INSERT INTO dataset_columns (dataset_id, ordinal, ",
                        std::string(kColumnFields), ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")));
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    insert.Reset();
    LH_RETURN_IF_ERROR(insert.BindText(1, id));
    LH_RETURN_IF_ERROR(insert.BindInt(2, static_cast<int64_t>(i)));
    LH_RETURN_IF_ERROR(insert.BindText(3, c.name));
    LH_RETURN_IF_ERROR(insert.BindText(4, c.type));
    LH_RETURN_IF_ERROR(insert.BindBool(5, c.nullable));
    LH_RETURN_IF_ERROR(insert.BindText(6, c.description));
    if (c.pii) {
      LH_RETURN_IF_ERROR(insert.BindText(7, PiiKindName(c.pii->kind)));
      LH_RETURN_IF_ERROR(insert.BindDouble(8, c.pii->confidence));
    } else {
      LH_RETURN_IF_ERROR(insert.BindNull(7));
      LH_RETURN_IF_ERROR(insert.BindNull(8));
    }
    if (c.sensitivity_override) {
      LH_RETURN_IF_ERROR(insert.BindInt(9, static_cast<int64_t>(*c.sensitivity_override)));
    } else {
      LH_RETURN_IF_ERROR(insert.BindNull(9));
    }
    Status status = insert.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return InvalidArgument("duplicate column name '", c.name, "'");
    }
    LH_RETURN_IF_ERROR(status);
  }
  return Status::Ok();
}

Status ReplaceTags(CatalogDb& db, std::string_view id, const std::vector<std::string>& tags) {
  LH_ASSIGN_OR_RETURN(auto clear, db.Prepare("DELETE FROM dataset_tags WHERE dataset_id = ?"));
  LH_RETURN_IF_ERROR(clear.BindText(1, id));
  LH_RETURN_IF_ERROR(clear.Run());
  LH_ASSIGN_OR_RETURN(auto insert,
                      db.Prepare("INSERT OR IGNORE INTO dataset_tags (dataset_id, tag) "
                                 "VALUES (?, ?)"));
  for (const std::string& tag : tags) {
    insert.Reset();
    LH_RETURN_IF_ERROR(insert.BindText(1, id));
    LH_RETURN_IF_ERROR(insert.BindText(2, tag));
    LH_RETURN_IF_ERROR(insert.Run());
  }
  return Status::Ok();
}

}  // namespace lakehouse
