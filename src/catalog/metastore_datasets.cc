// Metastore: dataset registration, lookup, metadata edits and deletion.
#include <algorithm>
#include <set>

#include "catalog/dataset_rows.h"
#include "catalog/dataset_validation.h"
#include "catalog/metastore.h"
#include "catalog/redact_uri.h"
#include "catalog/schema_fingerprint.h"
#include "catalog/version_rows.h"
#include "common/ids.h"

namespace lakehouse {

namespace {

// Applies a metadata patch to a loaded manifest. Returns INVALID_ARGUMENT for unknown columns.
Status ApplyPatch(const MetadataPatch& patch, Dataset& d, bool* tags_changed,
                  bool* columns_changed) {
  if (patch.description) d.description = *patch.description;
  if (patch.owner) d.owner = *patch.owner;
  if (patch.sensitivity) d.declared_sensitivity = *patch.sensitivity;
  std::set<std::string> tags(d.tags.begin(), d.tags.end());
  if (patch.tags) tags = std::set<std::string>(patch.tags->begin(), patch.tags->end());
  tags.insert(patch.add_tags.begin(), patch.add_tags.end());
  for (const std::string& tag : patch.remove_tags) tags.erase(tag);
  if (tags.size() > kMaxTags) {
    return InvalidArgument("field 'tags': at most ", std::to_string(kMaxTags), " tags");
  }
  std::vector<std::string> new_tags(tags.begin(), tags.end());
  *tags_changed = new_tags != d.tags;
  d.tags = std::move(new_tags);

  *columns_changed = false;
  for (const auto& [name, change] : patch.columns) {
    std::string lower = AsciiLower(name);
    auto it = std::find_if(d.columns.begin(), d.columns.end(),
                           [&](const Column& c) { return AsciiLower(c.name) == lower; });
    if (it == d.columns.end()) {
      return InvalidArgument("field 'columns.", name, "': dataset '", d.name,
                             "' has no such column");
    }
    if (change.description) it->description = *change.description;
    if (change.sensitivity) it->sensitivity_override = *change.sensitivity;
    *columns_changed = true;
  }
  return Status::Ok();
}

}  // namespace

Result<Dataset> Metastore::CreateDataset(const CreateDatasetRequest& request) {
  LH_RETURN_IF_ERROR(ValidateDatasetName(request.name));
  LH_RETURN_IF_ERROR(ValidateColumns(request.columns));
  if (request.primary_key) {
    LH_RETURN_IF_ERROR(ValidatePrimaryKey(*request.primary_key, request.columns));
  }
  if (request.bucket.empty()) return InvalidArgument("field 'bucket' must not be empty");
  if (!request.id.empty() && !IsValidUuid(request.id)) {
    return InvalidArgument("dataset id '", request.id, "' is not a UUID");
  }
  Dataset d;
  d.id = request.id.empty() ? NewUuid() : request.id;
  for (const DataFile& file : request.initial_files) {
    LH_RETURN_IF_ERROR(request.initial_files_preexisting ? ValidateRegisteredFile(file)
                                                         : ValidateDataFile(file, d.id));
  }
  LH_ASSIGN_OR_RETURN(d.tags, NormalizeTags(request.tags, "tags"));
  d.name = request.name;
  d.description = request.description;
  d.owner = request.owner;
  d.declared_sensitivity = request.sensitivity;
  d.columns = request.columns;
  d.lineage = request.lineage;
  d.lineage.source_uri = RedactUri(request.lineage.source_uri);
  d.bucket = request.bucket;
  d.primary_key = request.primary_key;
  d.schema_fingerprint = SchemaFingerprint(d.columns);
  d.created_at = d.updated_at = clock_.NowMicros();
  if (!request.initial_files.empty()) d.last_ingest_at = d.created_at;
  d.row_count = TotalRows(request.initial_files);
  d.size_bytes = TotalBytes(request.initial_files);
  d.current_version = 1;

  DatasetVersion v;
  v.dataset_id = d.id;
  v.version = 1;
  v.operation = VersionOperation::kCreate;
  v.files_added = request.initial_files;
  for (DataFile& file : v.files_added) file.version_added = v.version;
  v.rows_added = d.row_count;
  v.actor = request.actor;
  v.committed_at = d.created_at;

  return Write([&](CatalogDb& db) -> Result<Dataset> {
    LH_RETURN_IF_ERROR(InsertDatasetRow(db, d));  // the UNIQUE name index decides races
    LH_RETURN_IF_ERROR(ReplaceColumns(db, d.id, d.columns));
    LH_RETURN_IF_ERROR(ReplaceTags(db, d.id, d.tags));
    LH_RETURN_IF_ERROR(InsertVersionRow(db, v));
    LH_RETURN_IF_ERROR(InsertFileRows(db, d.id, v.version, v.files_added));
    return d;
  });
}

Result<Dataset> Metastore::GetDataset(std::string_view name) {
  return Read([&](CatalogDb& db) -> Result<Dataset> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    return LoadDataset(db, id, /*include_deleted=*/false);
  });
}

Result<Dataset> Metastore::GetDatasetById(std::string_view id) {
  return Read([&](CatalogDb& db) { return LoadDataset(db, id, /*include_deleted=*/false); });
}

Result<std::vector<Dataset>> Metastore::ListDatasets() {
  return Read([](CatalogDb& db) { return LoadLiveDatasets(db); });
}

Result<Dataset> Metastore::UpdateMetadata(std::string_view name, const MetadataPatch& patch) {
  return Write([&](CatalogDb& db) -> Result<Dataset> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    LH_ASSIGN_OR_RETURN(Dataset d, LoadDataset(db, id, /*include_deleted=*/false));
    bool tags_changed = false;
    bool columns_changed = false;
    LH_RETURN_IF_ERROR(ApplyPatch(patch, d, &tags_changed, &columns_changed));
    d.updated_at = clock_.NowMicros();
    LH_RETURN_IF_ERROR(UpdateDatasetRow(db, d));
    if (tags_changed) LH_RETURN_IF_ERROR(ReplaceTags(db, id, d.tags));
    if (columns_changed) LH_RETURN_IF_ERROR(ReplaceColumns(db, id, d.columns));
    return d;
  });
}

Result<DatasetVersion> Metastore::DeleteDataset(std::string_view name, std::string_view actor) {
  return Write([&](CatalogDb& db) -> Result<DatasetVersion> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    LH_ASSIGN_OR_RETURN(Dataset d, LoadDataset(db, id, /*include_deleted=*/false));
    LH_ASSIGN_OR_RETURN(std::vector<DataFile> live, LoadFilesAt(db, id, std::nullopt));
    DatasetVersion v;
    v.dataset_id = id;
    v.version = d.current_version + 1;
    v.operation = VersionOperation::kDelete;
    v.actor = std::string(actor);
    v.committed_at = clock_.NowMicros();
    v.detail = Json{{"dataset_deleted", true}};
    std::vector<std::string> paths;
    for (const DataFile& file : live) paths.push_back(file.path);
    LH_ASSIGN_OR_RETURN(v.files_removed, RemoveFiles(db, id, v.version, paths));
    SortByPath(v.files_removed);
    v.rows_removed = TotalRows(v.files_removed);
    LH_RETURN_IF_ERROR(InsertVersionRow(db, v));
    d.current_version = v.version;
    d.row_count = 0;
    d.size_bytes = 0;
    d.updated_at = v.committed_at;
    LH_RETURN_IF_ERROR(UpdateDatasetRow(db, d));
    LH_RETURN_IF_ERROR(MarkDatasetDeleted(db, id, v.committed_at));
    return v;
  });
}

}  // namespace lakehouse
