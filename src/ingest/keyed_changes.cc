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
    LH_ASSIGN_OR_RETURN(std::string local, buckets.ReadPath(file.bucket, file.path));
    LH_RETURN_IF_ERROR(CheckSqlText("file path", local));
    out.push_back(ViewFile{std::move(local), file.version_added, file.is_delete()});
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

JournalEvent ToEvent(const Dataset& dataset, std::string key, const Json& old_row,
                     const Json& new_row) {
  JournalEvent event;
  event.dataset = dataset.name;
  event.key = std::move(key);
  event.type = old_row.is_object() ? "update" : "insert";
  for (const Column& column : dataset.columns) {
    const Json* next = new_row.contains(column.name) ? &new_row[column.name] : nullptr;
    const Json* prev =
        old_row.is_object() && old_row.contains(column.name) ? &old_row[column.name] : nullptr;
    Json n = next != nullptr ? *next : Json(nullptr);
    Json o = prev != nullptr ? *prev : Json(nullptr);
    if (n == o) continue;
    event.changes.push_back({column.name, std::move(o), std::move(n)});
  }
  return event;
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
  std::vector<ViewFile> after_files = before_files;
  after_files.insert(after_files.end(), added_files.begin(), added_files.end());
  LH_ASSIGN_OR_RETURN(std::set<std::string> present_before, PresentColumns(conn, before_files));
  LH_ASSIGN_OR_RETURN(std::set<std::string> present_after, PresentColumns(conn, after_files));
  const std::vector<std::string>& pk = *dataset.primary_key;
  const std::string added_paths = PathList(added_files, false);
  if (added_paths == "[]") return events;
  // Both views are narrowed to the added keys right after their scans (only_keys): the merge,
  // the row JSON and the comparison then cost the size of the upsert, not of the dataset.
  const std::string only_keys = "SELECT k FROM lh_keys";
  LH_ASSIGN_OR_RETURN(std::string old_view,
                      BuildDatasetSelectSql(dataset, before_files, present_before, only_keys));
  LH_ASSIGN_OR_RETURN(std::string new_view,
                      BuildDatasetSelectSql(dataset, after_files, present_after, only_keys));
  const std::string sql =
      "WITH lh_keys AS MATERIALIZED (SELECT DISTINCT " + TombstoneKeyExpression(pk) +
      " AS k FROM read_parquet(" + added_paths + ", union_by_name = true)), lh_old AS (" +
      old_view + "), lh_new AS (" + new_view + "), o AS (SELECT " + TombstoneKeyExpression(pk) +
      " AS lh_k, to_json(lh_old) AS lh_row FROM lh_old), n AS (SELECT " +
      TombstoneKeyExpression(pk) +
      " AS lh_k, to_json(lh_new) AS lh_row FROM lh_new) "
      "SELECT n.lh_k, CAST(o.lh_row AS VARCHAR), CAST(n.lh_row AS VARCHAR) FROM n LEFT JOIN o "
      "ON o.lh_k = n.lh_k WHERE o.lh_k IS NULL OR CAST(o.lh_row AS VARCHAR) <> "
      "CAST(n.lh_row AS VARCHAR) ORDER BY n.lh_k";
  LH_ASSIGN_OR_RETURN(QueryResult result, conn.Query(sql));
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      std::optional<std::string> key = chunk->GetString(0, row);
      std::optional<std::string> old_text = chunk->GetString(1, row);
      std::optional<std::string> new_text = chunk->GetString(2, row);
      if (!key || !new_text) continue;
      Json old_row = old_text ? Json::parse(*old_text, nullptr, false) : Json(nullptr);
      Json new_row = Json::parse(*new_text, nullptr, false);
      if (new_row.is_discarded()) continue;
      if (old_row.is_discarded()) old_row = nullptr;
      JournalEvent event = ToEvent(dataset, std::move(*key), old_row, new_row);
      if (event.type == "update" && event.changes.empty()) continue;
      events.push_back(std::move(event));
    }
  }
  return events;
}

}  // namespace lakehouse
