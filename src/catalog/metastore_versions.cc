// Metastore: the commit protocol (publishing data files as a new version) and version history.
#include <algorithm>
#include <set>

#include "catalog/column_merge.h"
#include "catalog/dataset_rows.h"
#include "catalog/dataset_validation.h"
#include "catalog/ingest_marks.h"
#include "catalog/metastore.h"
#include "catalog/redact_uri.h"
#include "catalog/schema_changes.h"
#include "catalog/schema_fingerprint.h"
#include "catalog/version_rows.h"

namespace lakehouse {

namespace {

// The version's "schema_diff": the one diff (catalog/schema_changes.h), when anything changed.
void RecordSchemaDiff(const SchemaChanges& changes, DatasetVersion* v) {
  if (changes.empty() && !changes.reordered) return;
  if (v->detail.is_null()) v->detail = Json::object();
  v->detail["schema_diff"] = SchemaChangesToJson(changes);
}

bool IngestsData(VersionOperation op) {
  return op == VersionOperation::kAppend || op == VersionOperation::kUpsert ||
         op == VersionOperation::kReplace;
}

// The typed ingest marks, shown in the version's detail as before they had their own tables.
void DescribeIngestMarks(const CommitRequest& request, Json* detail) {
  if (request.input_sha256.empty() && !request.high_water_mark) return;
  if (detail->is_null()) *detail = Json::object();
  if (!request.input_sha256.empty()) (*detail)["input_sha256"] = request.input_sha256;
  if (request.high_water_mark) {
    (*detail)["incremental"] = {{"column", request.high_water_mark->column},
                                {"high_water_mark", request.high_water_mark->value}};
  }
}

// Checks everything about a commit that does not need the current state.
Status ValidateCommitShape(const CommitRequest& request) {
  if (request.dataset_id.empty()) return InvalidArgument("field 'dataset_id' is required");
  if (request.operation == VersionOperation::kCreate) {
    return InvalidArgument("field 'operation': 'create' is only written by CreateDataset");
  }
  if (!request.detail.is_null() && !request.detail.is_object()) {
    return InvalidArgument("field 'detail' must be an object or null");
  }
  for (const std::string& hash : request.input_sha256) {
    if (hash.empty()) return InvalidArgument("field 'input_sha256': a hash is empty");
  }
  if (request.high_water_mark &&
      (request.high_water_mark->column.empty() || !IngestsData(request.operation))) {
    return InvalidArgument("field 'high_water_mark' needs a column and an ingesting operation");
  }
  std::set<std::string> added;
  for (const DataFile& file : request.files_added) {
    LH_RETURN_IF_ERROR(ValidateDataFile(file, request.dataset_id));
    if (!added.insert(file.path).second) {
      return InvalidArgument("field 'files_added': '", file.path, "' listed twice");
    }
  }
  std::set<std::string> removed(request.files_removed.begin(), request.files_removed.end());
  if (removed.size() != request.files_removed.size()) {
    return InvalidArgument("field 'files_removed': a path is listed twice");
  }
  switch (request.operation) {
    case VersionOperation::kAppend:
      if (!request.files_removed.empty()) {
        return InvalidArgument("field 'files_removed': an append removes no files");
      }
      break;
    case VersionOperation::kReplace:
      if (!request.files_removed.empty()) {
        return InvalidArgument("field 'files_removed': a replace removes every live file itself");
      }
      break;
    case VersionOperation::kDelete:
      // A delete removes files, or adds delete files (tombstones) that hide rows.
      if (request.files_removed.empty() &&
          std::none_of(request.files_added.begin(), request.files_added.end(),
                       [](const DataFile& file) { return file.is_delete(); })) {
        return InvalidArgument(
            "field 'files_removed': a delete must remove a file or add a delete file");
      }
      break;
    case VersionOperation::kCompact:
      if (request.files_removed.empty() || request.files_added.empty()) {
        return InvalidArgument("a compact both removes and adds files");
      }
      if (request.columns) return InvalidArgument("field 'columns': a compact keeps the schema");
      break;
    case VersionOperation::kUpsert:
    case VersionOperation::kCreate:
      break;
  }
  if (request.columns) LH_RETURN_IF_ERROR(ValidateColumns(*request.columns));
  return Status::Ok();
}

}  // namespace

Result<DatasetVersion> Metastore::Commit(const CommitRequest& request) {
  LH_RETURN_IF_ERROR(ValidateCommitShape(request));
  if (request.live_rows && *request.live_rows < 0) {
    return InvalidArgument("live_rows must not be negative");
  }
  return Write([&](CatalogDb& db) -> Result<DatasetVersion> {
    LH_ASSIGN_OR_RETURN(Dataset d, LoadDataset(db, request.dataset_id, /*include_deleted=*/false));
    if (d.current_version != request.expected_version) {
      return Conflict("dataset '", d.name, "' is at version ", std::to_string(d.current_version),
                      ", commit expected version ", std::to_string(request.expected_version));
    }
    DatasetVersion v;
    v.dataset_id = d.id;
    v.version = d.current_version + 1;
    v.operation = request.operation;
    v.files_added = request.files_added;
    for (DataFile& file : v.files_added) file.version_added = v.version;
    v.actor = request.actor;
    v.committed_at = clock_.NowMicros();
    v.detail = request.detail;
    DescribeIngestMarks(request, &v.detail);

    std::vector<std::string> paths = request.files_removed;
    if (request.operation == VersionOperation::kReplace) {
      LH_ASSIGN_OR_RETURN(std::vector<DataFile> live, LoadFilesAt(db, d.id, std::nullopt));
      for (const DataFile& file : live) paths.push_back(file.path);
    }
    LH_ASSIGN_OR_RETURN(v.files_removed, RemoveFiles(db, d.id, v.version, paths));
    SortByPath(v.files_removed);
    v.rows_added = TotalRows(v.files_added);
    v.rows_removed = TotalRows(v.files_removed);
    bool merges_rows = d.primary_key.has_value() ||
                       std::any_of(v.files_removed.begin(), v.files_removed.end(),
                                   [](const DataFile& file) { return file.is_delete(); });
    if (request.operation == VersionOperation::kCompact &&
        (merges_rows ? v.rows_added > v.rows_removed : v.rows_added != v.rows_removed)) {
      return InvalidArgument("a compact must keep the row count (adds ",
                             std::to_string(v.rows_added), ", removes ",
                             std::to_string(v.rows_removed), ")");
    }

    if (request.schema_changes) RecordSchemaDiff(*request.schema_changes, &v);
    if (request.columns) {
      std::vector<Column> merged = MergeColumns(d.columns, *request.columns);
      if (!request.schema_changes) {
        RecordSchemaDiff(
            DiffSchemas(ToColumnSpecs(d.columns), ToColumnSpecs(merged), DiffMode::kSchemaChange),
            &v);
      }
      if (d.primary_key) {
        Status key_ok = ValidatePrimaryKey(*d.primary_key, merged);
        if (!key_ok.ok()) {
          return InvalidArgument("field 'columns': the new schema drops a primary-key column (",
                                 key_ok.message(), ")");
        }
      }
      d.columns = std::move(merged);
      d.schema_fingerprint = SchemaFingerprint(d.columns);
    }
    if (request.lineage) {
      d.lineage = *request.lineage;
      d.lineage.source_uri = RedactUri(d.lineage.source_uri);
    }

    LH_RETURN_IF_ERROR(InsertVersionRow(db, v));
    LH_RETURN_IF_ERROR(InsertIngestMarks(db, d.id, v.version, request));
    LH_RETURN_IF_ERROR(InsertFileRows(db, d.id, v.version, v.files_added));
    LH_ASSIGN_OR_RETURN(std::vector<DataFile> live, LoadFilesAt(db, d.id, std::nullopt));
    d.row_count = request.live_rows.value_or(TotalRows(live));
    d.size_bytes = TotalBytes(live);
    d.current_version = v.version;
    d.updated_at = v.committed_at;
    if (IngestsData(request.operation)) d.last_ingest_at = v.committed_at;
    LH_RETURN_IF_ERROR(UpdateDatasetRow(db, d));
    if (request.columns) LH_RETURN_IF_ERROR(ReplaceColumns(db, d.id, d.columns));
    return v;
  });
}

Result<std::vector<DatasetVersion>> Metastore::ListVersions(std::string_view name) {
  return Read([&](CatalogDb& db) -> Result<std::vector<DatasetVersion>> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    return LoadVersions(db, id);
  });
}

Result<std::vector<std::string>> Metastore::IngestedHashes(std::string_view name) {
  return Read([&](CatalogDb& db) -> Result<std::vector<std::string>> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    return LoadIngestedHashes(db, id);
  });
}

Result<std::optional<std::string>> Metastore::LatestHighWaterMark(std::string_view name,
                                                                  std::string_view column) {
  return Read([&](CatalogDb& db) -> Result<std::optional<std::string>> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    return LoadHighWaterMark(db, id, column);
  });
}

}  // namespace lakehouse
