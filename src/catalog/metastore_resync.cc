// Metastore: resync — correcting recorded file facts, totals and schema from the data itself,
// without adding a version.
#include <algorithm>
#include <map>
#include <utility>

#include "catalog/catalog_statement.h"
#include "catalog/column_merge.h"
#include "catalog/dataset_rows.h"
#include "catalog/dataset_validation.h"
#include "catalog/metastore.h"
#include "catalog/schema_fingerprint.h"
#include "catalog/version_rows.h"

namespace lakehouse {

namespace {

using FileKey = std::pair<std::string, std::string>;  // bucket, path

// Writes the corrected counts of the files whose recorded counts differ. Returns whether any row
// changed; INVALID_ARGUMENT naming a file that is not live in the dataset.
Result<bool> CorrectFileRows(CatalogDb& db, const Dataset& d, const std::vector<DataFile>& live,
                             const std::vector<DataFile>& corrected) {
  std::map<FileKey, const DataFile*> live_by_key;
  for (const DataFile& file : live) live_by_key[{file.bucket, file.path}] = &file;

  LH_ASSIGN_OR_RETURN(auto update, db.Prepare("UPDATE data_files SET row_count = ?, size_bytes = ? "
                                              "WHERE dataset_id = ? AND bucket = ? AND path = ? "
                                              "AND version_removed IS NULL"));
  bool changed = false;
  for (const DataFile& file : corrected) {
    auto it = live_by_key.find({file.bucket, file.path});
    if (it == live_by_key.end()) {
      return InvalidArgument("file '", file.bucket, ":", file.path,
                             "' is not a live file of dataset '", d.name, "'");
    }
    if (file.row_count < 0 || file.size_bytes < 0) {
      return InvalidArgument("file '", file.path, "' has a negative row count or size");
    }
    const DataFile& recorded = *it->second;
    if (recorded.row_count == file.row_count && recorded.size_bytes == file.size_bytes) continue;
    update.Reset();
    LH_RETURN_IF_ERROR(update.BindInt(1, file.row_count));
    LH_RETURN_IF_ERROR(update.BindInt(2, file.size_bytes));
    LH_RETURN_IF_ERROR(update.BindText(3, d.id));
    LH_RETURN_IF_ERROR(update.BindText(4, file.bucket));
    LH_RETURN_IF_ERROR(update.BindText(5, file.path));
    LH_RETURN_IF_ERROR(update.Run());
    changed = true;
  }
  return changed;
}

}  // namespace

Result<Dataset> Metastore::ApplyResync(const std::string& dataset_id, int64_t expected_version,
                                       const std::vector<DataFile>& corrected_live_files,
                                       const std::vector<Column>& columns) {
  LH_RETURN_IF_ERROR(ValidateColumns(columns));
  return Write([&](CatalogDb& db) -> Result<Dataset> {
    LH_ASSIGN_OR_RETURN(Dataset d, LoadDataset(db, dataset_id, /*include_deleted=*/false));
    if (d.current_version != expected_version) {
      return Conflict("dataset '", d.name, "' is at version ", std::to_string(d.current_version),
                      ", resync read version ", std::to_string(expected_version));
    }
    LH_ASSIGN_OR_RETURN(std::vector<DataFile> live, LoadFilesAt(db, d.id, std::nullopt));
    LH_ASSIGN_OR_RETURN(bool files_changed, CorrectFileRows(db, d, live, corrected_live_files));
    if (files_changed) {
      LH_ASSIGN_OR_RETURN(live, LoadFilesAt(db, d.id, std::nullopt));
    }

    std::vector<Column> merged = MergeColumns(d.columns, columns);
    if (d.primary_key) {
      Status key_ok = ValidatePrimaryKey(*d.primary_key, merged);
      if (!key_ok.ok()) {
        return FailedPrecondition("dataset '", d.name, "': its data lacks a primary-key column (",
                                  key_ok.message(), ")");
      }
    }
    const bool columns_changed = merged != d.columns;
    std::string fingerprint = SchemaFingerprint(merged);
    // With a primary key or tombstones the stored count is the live one (maintained by every
    // commit, see CommitRequest::live_rows); the files' sum over-counts and must not replace it.
    const bool merges_rows =
        (d.primary_key && !d.primary_key->empty()) ||
        std::any_of(live.begin(), live.end(), [](const DataFile& f) { return f.is_delete(); });
    const int64_t row_count = merges_rows && !files_changed ? d.row_count : TotalRows(live);
    const int64_t size_bytes = TotalBytes(live);
    if (!files_changed && !columns_changed && fingerprint == d.schema_fingerprint &&
        row_count == d.row_count && size_bytes == d.size_bytes) {
      return d;
    }

    d.row_count = row_count;
    d.size_bytes = size_bytes;
    d.columns = std::move(merged);
    d.schema_fingerprint = std::move(fingerprint);
    d.updated_at = clock_.NowMicros();
    LH_RETURN_IF_ERROR(UpdateDatasetRow(db, d));
    if (columns_changed) LH_RETURN_IF_ERROR(ReplaceColumns(db, d.id, d.columns));
    return d;
  });
}

}  // namespace lakehouse
