#include "catalog/version_rows.h"

#include <algorithm>
#include <map>

#include "catalog/catalog_statement.h"
#include "common/json.h"

namespace lakehouse {

namespace {

// Columns read for a file, in ReadFile's order.
#define LH_FILE_COLUMNS "path, bucket, row_count, size_bytes, kind, version_added"

DataFile ReadFile(const CatalogStatement& row, int first) {
  return DataFile{row.ColumnText(first),    row.ColumnText(first + 1), row.ColumnInt(first + 2),
                  row.ColumnInt(first + 3), row.ColumnText(first + 4), row.ColumnInt(first + 5)};
}

Status CollectFiles(CatalogStatement& stmt, std::vector<DataFile>* out) {
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) return Status::Ok();
    out->push_back(ReadFile(stmt, 0));
  }
}

}  // namespace

void SortByPath(std::vector<DataFile>& files) {
  std::sort(files.begin(), files.end(),
            [](const DataFile& a, const DataFile& b) { return a.path < b.path; });
}

Status InsertVersionRow(CatalogDb& db, const DatasetVersion& v) {
  LH_ASSIGN_OR_RETURN(auto stmt,
                      db.Prepare("INSERT INTO dataset_versions (dataset_id, version, operation, "
                                 "rows_added, rows_removed, actor, committed_at, detail) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, v.dataset_id));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, v.version));
  LH_RETURN_IF_ERROR(stmt.BindText(3, VersionOperationName(v.operation)));
  LH_RETURN_IF_ERROR(stmt.BindInt(4, v.rows_added));
  LH_RETURN_IF_ERROR(stmt.BindInt(5, v.rows_removed));
  LH_RETURN_IF_ERROR(stmt.BindText(6, v.actor));
  LH_RETURN_IF_ERROR(stmt.BindInt(7, v.committed_at));
  if (v.detail.is_null()) {
    LH_RETURN_IF_ERROR(stmt.BindNull(8));
  } else {
    LH_RETURN_IF_ERROR(stmt.BindText(8, DumpJson(v.detail)));
  }
  Status status = stmt.Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return Conflict("version ", std::to_string(v.version), " of dataset ", v.dataset_id,
                    " was committed concurrently");
  }
  return status;
}

Status InsertFileRows(CatalogDb& db, std::string_view dataset_id, int64_t version,
                      const std::vector<DataFile>& files) {
  LH_ASSIGN_OR_RETURN(auto stmt,
                      db.Prepare("INSERT INTO data_files (bucket, path, dataset_id, row_count, "
                                 "size_bytes, version_added, kind) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  for (const DataFile& file : files) {
    stmt.Reset();
    LH_RETURN_IF_ERROR(stmt.BindText(1, file.bucket));
    LH_RETURN_IF_ERROR(stmt.BindText(2, file.path));
    LH_RETURN_IF_ERROR(stmt.BindText(3, dataset_id));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, file.row_count));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, file.size_bytes));
    LH_RETURN_IF_ERROR(stmt.BindInt(6, version));
    LH_RETURN_IF_ERROR(stmt.BindText(7, file.kind));
    Status status = stmt.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("data file '", file.path, "' was already committed");
    }
    LH_RETURN_IF_ERROR(status);
  }
  return Status::Ok();
}

Result<std::vector<DataFile>> RemoveFiles(CatalogDb& db, std::string_view dataset_id,
                                          int64_t version, const std::vector<std::string>& paths) {
  LH_ASSIGN_OR_RETURN(auto find,
                      db.Prepare("SELECT " LH_FILE_COLUMNS " FROM data_files "
                                 "WHERE dataset_id = ? AND path = ? AND version_removed IS NULL"));
  LH_ASSIGN_OR_RETURN(auto mark,
                      db.Prepare("UPDATE data_files SET version_removed = ? WHERE dataset_id = ? "
                                 "AND path = ? AND version_removed IS NULL"));
  std::vector<DataFile> removed;
  for (const std::string& path : paths) {
    find.Reset();
    LH_RETURN_IF_ERROR(find.BindText(1, dataset_id));
    LH_RETURN_IF_ERROR(find.BindText(2, path));
    LH_ASSIGN_OR_RETURN(bool found, find.Step());
    if (!found) {
      return InvalidArgument("field 'files_removed': '", path,
                             "' is not a live file of this dataset");
    }
    removed.push_back(ReadFile(find, 0));
    find.Reset();
    mark.Reset();
    LH_RETURN_IF_ERROR(mark.BindInt(1, version));
    LH_RETURN_IF_ERROR(mark.BindText(2, dataset_id));
    LH_RETURN_IF_ERROR(mark.BindText(3, path));
    LH_RETURN_IF_ERROR(mark.Run());
  }
  return removed;
}

Result<std::vector<DataFile>> LoadFilesAt(CatalogDb& db, std::string_view dataset_id,
                                          std::optional<int64_t> version) {
  std::vector<DataFile> files;
  if (!version) {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT " LH_FILE_COLUMNS " FROM data_files "
                                              "WHERE dataset_id = ? AND version_removed IS NULL "
                                              "ORDER BY version_added, rowid"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, dataset_id));
    LH_RETURN_IF_ERROR(CollectFiles(stmt, &files));
    return files;
  }
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT " LH_FILE_COLUMNS " FROM data_files "
                                            "WHERE dataset_id = ?1 AND version_added <= ?2 AND "
                                            "(version_removed IS NULL OR version_removed > ?2) "
                                            "ORDER BY version_added, rowid"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, dataset_id));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, *version));
  LH_RETURN_IF_ERROR(CollectFiles(stmt, &files));
  return files;
}

Result<bool> AnyPurgedFileAt(CatalogDb& db, std::string_view dataset_id, int64_t version) {
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT 1 FROM data_files WHERE dataset_id = ?1 AND "
                                            "version_added <= ?2 AND version_removed > ?2 AND "
                                            "purged_at IS NOT NULL LIMIT 1"));
  LH_RETURN_IF_ERROR(stmt.BindText(1, dataset_id));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, version));
  return stmt.Step();
}

Result<std::vector<DatasetVersion>> LoadVersions(CatalogDb& db, std::string_view dataset_id) {
  std::vector<DatasetVersion> versions;
  std::map<int64_t, size_t> index;
  LH_ASSIGN_OR_RETURN(auto rows,
                      db.Prepare("SELECT version, operation, rows_added, rows_removed, actor, "
                                 "committed_at, detail FROM dataset_versions WHERE dataset_id = ? "
                                 "ORDER BY version"));
  LH_RETURN_IF_ERROR(rows.BindText(1, dataset_id));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, rows.Step());
    if (!more) break;
    DatasetVersion v;
    v.dataset_id = std::string(dataset_id);
    v.version = rows.ColumnInt(0);
    LH_ASSIGN_OR_RETURN(v.operation, ParseVersionOperation(rows.ColumnText(1)));
    v.rows_added = rows.ColumnInt(2);
    v.rows_removed = rows.ColumnInt(3);
    v.actor = rows.ColumnText(4);
    v.committed_at = rows.ColumnInt(5);
    if (!rows.ColumnIsNull(6)) {
      auto detail = ParseJson(rows.ColumnText(6));
      if (!detail.ok()) return DataLoss("corrupt detail of version ", std::to_string(v.version));
      v.detail = std::move(*detail);
    }
    index[v.version] = versions.size();
    versions.push_back(std::move(v));
  }
  LH_ASSIGN_OR_RETURN(auto files,
                      db.Prepare("SELECT " LH_FILE_COLUMNS ", version_removed FROM data_files "
                                 "WHERE dataset_id = ? "
                                 "ORDER BY rowid"));
  LH_RETURN_IF_ERROR(files.BindText(1, dataset_id));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, files.Step());
    if (!more) break;
    DataFile file = ReadFile(files, 0);
    auto added = index.find(file.version_added);
    if (added != index.end()) versions[added->second].files_added.push_back(file);
    if (!files.ColumnIsNull(6)) {
      auto removed = index.find(files.ColumnInt(6));
      if (removed != index.end()) versions[removed->second].files_removed.push_back(file);
    }
  }
  for (DatasetVersion& v : versions) SortByPath(v.files_removed);
  return versions;
}

}  // namespace lakehouse
