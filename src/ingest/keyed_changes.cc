#include "ingest/keyed_changes.h"

#include <set>
#include <string>

#include "common/strings.h"
#include "sql/sql_literal.h"
#include "table/dataset_view.h"

namespace lakehouse {
namespace {

Result<std::vector<ViewFile>> ViewFiles(const BucketRegistry& buckets,
                                        const std::vector<DataFile>& files) {
  std::vector<ViewFile> out;
  for (const DataFile& file : files) {
    // Held: the cached copy of an s3 file stays while the caller's query reads it.
    LH_ASSIGN_OR_RETURN(HeldLocalPath local, buckets.HoldReadPath(file.bucket, file.path));
    LH_RETURN_IF_ERROR(CheckSqlText("file path", local.path));
    out.push_back(ViewFile{std::move(local.path), file.version_added, file.is_delete(),
                           std::move(local.hold)});
  }
  return out;
}

std::string PathList(const std::vector<ViewFile>& files, bool deletes) {
  std::string out = "[";
  for (const ViewFile& f : files) {
    if (f.is_delete != deletes) continue;
    out += (out.size() > 1 ? ", " : "") + SqlStringLiteral(f.local_path);
  }
  return out + "]";
}

// The columns the data files among `files` hold (lower-case).
Result<std::set<std::string>> PresentColumns(Connection& conn, const std::vector<ViewFile>& files) {
  std::set<std::string> present;
  const std::string paths = PathList(files, false);
  if (paths == "[]") return present;
  LH_ASSIGN_OR_RETURN(QueryResult described, conn.Query("DESCRIBE SELECT * FROM read_parquet(" +
                                                        paths + ", union_by_name = true)"));
  while (std::optional<DataChunk> chunk = described.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      if (std::optional<std::string> name = chunk->GetString(0, row)) {
        present.insert(AsciiLower(*name));
      }
    }
  }
  return present;
}

// The SELECT that compares, per column, the rows of `old_view` with those of `new_view` (both
// with the dataset's columns; the old one narrowed to the new one's keys) and returns one row per
// inserted or changed key: the key, the old view's key (NULL: an insert), then for each column
// its old and new value as JSON text when they differ (IS DISTINCT FROM, so NULL to a value and
// back count) and NULL when they do not. Unchanged rows are not returned at all.
std::string CompareSql(const Dataset& dataset, const std::string& keys_cte,
                       const std::string& old_view, const std::string& new_view) {
  const std::vector<std::string>& pk = *dataset.primary_key;
  std::string columns;
  std::string differs;
  for (const Column& column : dataset.columns) {
    const std::string name = SqlIdentifier(column.name);
    const std::string distinct = "n." + name + " IS DISTINCT FROM o." + name;
    for (const char* side : {"o.", "n."}) {
      columns += ", CASE WHEN " + distinct + " THEN coalesce(CAST(to_json(" + side + name +
                 ") AS VARCHAR), 'null') END";
    }
    differs += " OR " + distinct;
  }
  return "WITH " + keys_cte + ", __lh_old AS (" + old_view + "), __lh_new AS (" + new_view +
         ") SELECT " + TombstoneKeyExpression(pk, "n.") + " AS __lh_k, o.__lh_old_k" + columns +
         " FROM __lh_new n LEFT JOIN (SELECT " + TombstoneKeyExpression(pk) +
         " AS __lh_old_k, * FROM __lh_old) o ON o.__lh_old_k = " +
         TombstoneKeyExpression(pk, "n.") + " WHERE o.__lh_old_k IS NULL" + differs + " ORDER BY 1";
}

}  // namespace

Result<std::vector<JournalEvent>> KeyedChanges(Connection& conn, const BucketRegistry& buckets,
                                               const Dataset& dataset,
                                               const std::vector<DataFile>& before,
                                               const std::vector<DataFile>& added) {
  std::vector<JournalEvent> events;
  if (!dataset.primary_key || dataset.primary_key->empty() || added.empty()) return events;
  LH_ASSIGN_OR_RETURN(std::vector<ViewFile> before_files, ViewFiles(buckets, before));
  LH_ASSIGN_OR_RETURN(std::vector<ViewFile> added_files, ViewFiles(buckets, added));
  const std::string added_paths = PathList(added_files, false);
  if (added_paths == "[]") return events;
  LH_ASSIGN_OR_RETURN(std::set<std::string> present_before, PresentColumns(conn, before_files));
  LH_ASSIGN_OR_RETURN(std::set<std::string> present_added, PresentColumns(conn, added_files));
  const std::vector<std::string>& pk = *dataset.primary_key;
  // The view before the commit, narrowed to the added keys right after its scan (only_keys).
  const std::string keys_cte = "__lh_keys AS MATERIALIZED (SELECT DISTINCT " +
                               TombstoneKeyExpression(pk) + " AS k FROM read_parquet(" +
                               added_paths + ", union_by_name = true))";
  LH_ASSIGN_OR_RETURN(
      std::string old_view,
      BuildDatasetSelectSql(dataset, before_files, present_before, "SELECT k FROM __lh_keys"));
  // After the commit, an added key's row is the newest of the added files' rows for it: they are
  // the newest version, so no older row or tombstone can win over them. The added files alone are
  // that view's rows for those keys, without reading the dataset again.
  LH_ASSIGN_OR_RETURN(std::string new_view,
                      BuildDatasetSelectSql(dataset, added_files, present_added));
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query(CompareSql(dataset, keys_cte, old_view, new_view)));
  const size_t columns = dataset.columns.size();
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      std::optional<std::string> key = chunk->GetString(0, row);
      if (!key) continue;
      JournalEvent event;
      event.dataset = dataset.name;
      event.key = std::move(*key);
      event.type = chunk->IsNull(1, row) ? "insert" : "update";
      for (size_t i = 0; i < columns; ++i) {
        std::optional<std::string> old_json = chunk->GetString(2 + 2 * i, row);
        std::optional<std::string> new_json = chunk->GetString(3 + 2 * i, row);
        if (!old_json || !new_json) continue;
        event.changes.push_back(
            {dataset.columns[i].name, std::move(*old_json), std::move(*new_json)});
      }
      if (event.type == "update" && event.changes.empty()) continue;
      events.push_back(std::move(event));
    }
  }
  return events;
}

}  // namespace lakehouse
