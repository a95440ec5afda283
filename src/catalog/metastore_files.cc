// Metastore: snapshot pins and the file lifecycle (reaping removed files, orphan detection).
#include "catalog/catalog_statement.h"
#include "catalog/dataset_rows.h"
#include "catalog/metastore.h"
#include "catalog/version_rows.h"
#include "common/mutex.h"

namespace lakehouse {

Result<SnapshotPin> Metastore::PinSnapshot(std::string_view name, std::optional<int64_t> version) {
  // Held across the read so the reaper cannot claim this version's files between our check and
  // the pin becoming visible to it.
  MutexLock lock(lifecycle_mu_);
  return Read([&](CatalogDb& db) -> Result<SnapshotPin> {
    LH_ASSIGN_OR_RETURN(std::string id, RequireLiveDatasetId(db, name));
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT current_version FROM datasets WHERE id = ?"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return NotFound("dataset '", std::string(name), "' does not exist");
    int64_t current = stmt.ColumnInt(0);
    int64_t pinned = version.value_or(current);
    if (pinned < 1 || pinned > current) {
      return NotFound("dataset '", std::string(name), "' has no version ", std::to_string(pinned));
    }
    LH_ASSIGN_OR_RETURN(bool purged, AnyPurgedFileAt(db, id, pinned));
    if (purged) {
      return FailedPrecondition("version ", std::to_string(pinned), " of dataset '",
                                std::string(name),
                                "' is no longer readable: its files were "
                                "reclaimed");
    }
    LH_ASSIGN_OR_RETURN(std::vector<DataFile> files, LoadFilesAt(db, id, pinned));
    return snapshots_.Pin(id, pinned, std::move(files));
  });
}

Result<std::vector<DataFile>> Metastore::ClaimReapableFiles(const std::set<std::string>& buckets) {
  MutexLock lock(lifecycle_mu_);
  std::map<std::string, int64_t> oldest_pinned = snapshots_.OldestPinned();
  int64_t now = clock_.NowMicros();
  return Write([&](CatalogDb& db) -> Result<std::vector<DataFile>> {
    LH_ASSIGN_OR_RETURN(auto candidates,
                        db.Prepare("SELECT path, bucket, row_count, size_bytes, dataset_id, "
                                   "version_removed FROM data_files WHERE version_removed IS NOT "
                                   "NULL AND purged_at IS NULL ORDER BY dataset_id, path"));
    std::vector<DataFile> claimed;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, candidates.Step());
      if (!more) break;
      DataFile file{candidates.ColumnText(0), candidates.ColumnText(1), candidates.ColumnInt(2),
                    candidates.ColumnInt(3)};
      if (buckets.count(file.bucket) == 0) continue;
      auto pin = oldest_pinned.find(candidates.ColumnText(4));
      if (pin != oldest_pinned.end() && candidates.ColumnInt(5) > pin->second) continue;
      claimed.push_back(std::move(file));
    }
    candidates.Reset();
    LH_ASSIGN_OR_RETURN(auto mark, db.Prepare("UPDATE data_files SET purged_at = ? "
                                              "WHERE bucket = ? AND path = ?"));
    for (const DataFile& file : claimed) {
      mark.Reset();
      LH_RETURN_IF_ERROR(mark.BindInt(1, now));
      LH_RETURN_IF_ERROR(mark.BindText(2, file.bucket));
      LH_RETURN_IF_ERROR(mark.BindText(3, file.path));
      LH_RETURN_IF_ERROR(mark.Run());
    }
    return claimed;
  });
}

Result<std::set<std::string>> Metastore::ReferencedPaths(std::string_view bucket) {
  return Read([&](CatalogDb& db) -> Result<std::set<std::string>> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT path FROM data_files WHERE bucket = ? AND "
                                              "purged_at IS NULL"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, bucket));
    std::set<std::string> paths;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, stmt.Step());
      if (!more) return paths;
      paths.insert(stmt.ColumnText(0));
    }
  });
}

Result<bool> Metastore::ReferencesPath(std::string_view bucket, std::string_view path) {
  return Read([&](CatalogDb& db) -> Result<bool> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT 1 FROM data_files WHERE bucket = ? AND "
                                              "path = ? AND purged_at IS NULL LIMIT 1"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, bucket));
    LH_RETURN_IF_ERROR(stmt.BindText(2, path));
    return stmt.Step();
  });
}

}  // namespace lakehouse
