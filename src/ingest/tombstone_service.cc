#include "ingest/tombstone_service.h"

#include <filesystem>
#include <map>
#include <set>

#include "catalog/dataset_layout.h"
#include "common/clock.h"
#include "common/ids.h"
#include "common/logging.h"
#include "common/scope_guard.h"
#include "ingest/commit_retry.h"
#include "ingest/live_rows.h"
#include "ingest/schema_merge.h"
#include "sql/row_set.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

std::string ListLiteral(const std::vector<std::string>& paths) {
  std::string out = "[";
  for (size_t i = 0; i < paths.size(); ++i) out += (i ? ", " : "") + SqlStringLiteral(paths[i]);
  return out + "]";
}

Status ValidateRequest(const TombstoneRequest& request) {
  if (request.key_column.empty()) return InvalidArgument("field 'row_key_column' is required");
  if (request.values.empty()) return InvalidArgument("field 'row_key_values' must not be empty");
  if (request.values.size() > kMaxTombstonesPerRequest) {
    // StrCat appends strings only: an integer would be appended as one char.
    return InvalidArgument("field 'row_key_values' holds more than ",
                           std::to_string(kMaxTombstonesPerRequest), " values");
  }
  for (const std::string& value : request.values) {
    LH_RETURN_IF_ERROR(CheckSqlText("row_key_values", value));
  }
  LH_RETURN_IF_ERROR(CheckSqlText("row_key_column", request.key_column));
  LH_RETURN_IF_ERROR(CheckSqlText("actor", request.actor));
  return CheckSqlText("reason", request.reason);
}

}  // namespace

Json TombstoneResult::ToJson() const {
  return Json{{"rows_tombstoned", rows_tombstoned}, {"failures", failures}, {"version", version}};
}

Json TombstonesToJson(const std::vector<Tombstone>& tombstones) {
  Json items = Json::array();
  for (const Tombstone& t : tombstones) {
    items.push_back({{"value", t.value},
                     {"key_column", t.key_column},
                     {"actor", t.actor},
                     {"reason", t.reason},
                     {"created_at", FormatTimestamp(t.created_at)},
                     {"version", t.version}});
  }
  return Json{{"tombstones", std::move(items)}};
}

TombstoneService::TombstoneService(CatalogService* catalog, Metastore* metastore,
                                   BucketRegistry* buckets, ConnectionPool* ingest_pool,
                                   const CommitListeners* listeners, const Clock* clock,
                                   std::string staging_dir, ChangeJournal* journal)
    : catalog_(catalog),
      metastore_(metastore),
      buckets_(buckets),
      pool_(ingest_pool),
      listeners_(listeners),
      clock_(clock),
      staging_dir_(std::move(staging_dir)),
      journal_(journal) {}

Result<std::vector<std::string>> TombstoneService::LocalPaths(const std::vector<DataFile>& files) {
  std::vector<std::string> paths;
  for (const DataFile& file : files) {
    LH_ASSIGN_OR_RETURN(auto store, buckets_->Get(file.bucket));
    LH_ASSIGN_OR_RETURN(std::string path, store->LocalPath(file.path));
    LH_RETURN_IF_ERROR(CheckSqlText("data file path", path));
    paths.push_back(std::move(path));
  }
  return paths;
}

Result<TombstoneResult> TombstoneService::Add(const TombstoneRequest& request) {
  LH_RETURN_IF_ERROR(ValidateRequest(request));
  // A commit that lost a race re-reads the dataset and matches the keys again.
  for (int attempt = 1;; ++attempt) {
    bool lost_race = false;
    Result<TombstoneResult> result = AddOnce(request, &lost_race);
    if (!lost_race || attempt >= kMaxCommitAttempts) return result;
    CommitBackoff(attempt);
  }
}

Result<TombstoneResult> TombstoneService::AddOnce(const TombstoneRequest& request,
                                                  bool* lost_race) {
  *lost_race = false;
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(request.dataset));
  LH_ASSIGN_OR_RETURN(Column key, KeyColumn(dataset, request.key_column));
  LH_ASSIGN_OR_RETURN(SnapshotPin pin, metastore_->PinSnapshot(dataset.name, std::nullopt));
  TombstoneResult result;
  result.version = pin.version();
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(connection_timeout_));
  LH_ASSIGN_OR_RETURN(auto matched, MatchKeys(lease.connection(), pin, key, request.values));
  for (const std::string& value : request.values) {
    if (!matched.contains(value)) result.failures.push_back(value);
  }
  if (matched.empty()) return result;
  for (const auto& [value, count] : matched) result.rows_tombstoned += count;

  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, buckets_->Get(dataset.bucket));
  LH_ASSIGN_OR_RETURN(DataFile file,
                      WriteDeleteFile(lease.connection(), *store, dataset, key, matched, request));
  // The delete file is in the bucket now: deleted again on every way out but a commit.
  ScopeGuard remove_file([&] {
    Status removed = store->Delete(file.path);
    if (!removed.ok()) {
      LH_LOG_WARN("tombstone: could not delete {}: {}", file.path, removed.ToString());
    }
  });
  Result<DatasetVersion> version =
      CommitDeleteFile(lease.connection(), dataset, key, pin, file, request, result);
  if (!version.ok()) {
    *lost_race = version.status().code() == StatusCode::kConflict;
    return version.status();
  }
  remove_file.Dismiss();
  result.version = version->version;
  if (journal_ != nullptr && journal_->enabled()) {
    std::vector<JournalEvent> events;
    for (const auto& [value, count] : matched) {
      JournalEvent event;
      event.type = "tombstone";
      event.dataset = dataset.name;
      event.key = value;
      event.actor = request.actor;
      event.source = "api";
      event.version = version->version;
      event.payload = Json{{"reason", request.reason}, {"rows", count}};
      events.push_back(std::move(event));
    }
    Status s = journal_->Record(std::move(events));
    if (!s.ok())
      LH_LOG_ERROR("journal: tombstones of {} not written: {}", dataset.name, s.ToString());
  }
  if (listeners_ != nullptr && !listeners_->empty()) {
    Result<Dataset> after = catalog_->GetDataset(dataset.name);
    if (after.ok()) listeners_->Notify(*after, *version);
  }
  return result;
}

Result<Column> TombstoneService::KeyColumn(const Dataset& dataset, std::string_view key_column) {
  const Column* key = nullptr;
  for (const Column& column : dataset.columns) {
    if (SameColumnName(column.name, key_column)) key = &column;
  }
  if (key == nullptr) {
    return InvalidArgument("dataset '", dataset.name, "' has no column '", key_column, "'");
  }
  // The read path matches tombstones against the primary key (table/dataset_view.h).
  if (!dataset.primary_key || dataset.primary_key->empty()) {
    return FailedPrecondition("dataset '", dataset.name,
                              "' has no primary key; tombstones hide rows by primary key (set one "
                              "with the key of its first ingest)");
  }
  if (dataset.primary_key->size() != 1 ||
      !SameColumnName(dataset.primary_key->front(), key->name)) {
    return InvalidArgument("row_key_column must be the primary key of dataset '", dataset.name,
                           "' (", dataset.primary_key->front(), ")");
  }
  return *key;
}

Result<std::map<std::string, int64_t>> TombstoneService::MatchKeys(
    Connection& conn, const SnapshotPin& pin, const Column& key,
    const std::vector<std::string>& values) {
  std::vector<DataFile> data_files;
  std::vector<DataFile> delete_files;
  for (const DataFile& file : pin.files()) {
    (file.is_delete() ? delete_files : data_files).push_back(file);
  }
  std::map<std::string, int64_t> matched;  // value → rows it hides
  if (data_files.empty()) return matched;
  const std::set<std::string> wanted(values.begin(), values.end());
  LH_ASSIGN_OR_RETURN(std::vector<std::string> data_paths, LocalPaths(data_files));
  LH_ASSIGN_OR_RETURN(std::vector<std::string> delete_paths, LocalPaths(delete_files));
  const std::string k = "CAST(" + SqlIdentifier(key.name) + " AS VARCHAR)";
  std::string versions;  // (path, version) of every data file
  for (size_t i = 0; i < data_files.size(); ++i) {
    versions += (i ? ", (" : "(") + SqlStringLiteral(data_paths[i]) + ", " +
                std::to_string(data_files[i].version_added) + ")";
  }
  std::string in_list;
  for (const std::string& v : wanted)
    in_list += (in_list.empty() ? "" : ", ") + SqlStringLiteral(v);
  std::string sql =
      "WITH r AS (SELECT " + k + " AS k, f.v AS v FROM read_parquet(" + ListLiteral(data_paths) +
      ", union_by_name = true, filename = '__lh_file') AS d JOIN (VALUES " + versions +
      ") AS f(path, v) ON d.__lh_file = f.path WHERE " + k + " IN (" + in_list + "))";
  if (!delete_files.empty()) {
    std::string deletes;
    for (size_t i = 0; i < delete_files.size(); ++i) {
      deletes += (i ? " UNION ALL " : "") + std::string("SELECT key AS k, ") +
                 std::to_string(delete_files[i].version_added) + " AS v FROM read_parquet(" +
                 SqlStringLiteral(delete_paths[i]) + ")";
    }
    sql += ", t AS (SELECT k, max(v) AS v FROM (" + deletes +
           ") GROUP BY k)"
           " SELECT r.k, count(*) FROM r LEFT JOIN t ON r.k = t.k"
           " WHERE t.v IS NULL OR r.v > t.v GROUP BY r.k";
  } else {
    sql += " SELECT k, count(*) FROM r GROUP BY k";
  }
  LH_ASSIGN_OR_RETURN(QueryResult result, conn.Query(sql));
  const RowSet rows = ReadRowSet(result);
  for (size_t r = 0; r < rows.row_count(); ++r) {
    matched[rows.String(r, 0)] = 1;  // latest wins: one visible row per key
  }
  return matched;
}

Result<DataFile> TombstoneService::WriteDeleteFile(Connection& conn, ObjectStore& store,
                                                   const Dataset& dataset, const Column& key,
                                                   const std::map<std::string, int64_t>& matched,
                                                   const TombstoneRequest& request) {
  std::error_code ec;
  std::filesystem::create_directories(staging_dir_, ec);
  const std::string local = staging_dir_ + "/" + NewUuid() + ".parquet";
  const int64_t now = clock_->NowMicros();
  std::string rows;
  for (const auto& [value, count] : matched) {
    rows += (rows.empty() ? "(" : ", (") + SqlStringLiteral(value) + ", " +
            SqlStringLiteral(key.name) + ", " + SqlStringLiteral(request.actor) + ", " +
            SqlStringLiteral(request.reason) + ", make_timestamp(" + std::to_string(now) +
            "::BIGINT))";
  }
  LH_RETURN_IF_ERROR(conn.Execute("COPY (SELECT * FROM (VALUES " + rows +
                                  ") AS t(key, key_column, actor, reason, deleted_at)) TO " +
                                  SqlStringLiteral(local) + " (FORMAT parquet, COMPRESSION zstd)"));
  auto size = std::filesystem::file_size(local, ec);
  if (ec) return Unavailable("delete file was not written: ", ec.message());
  DataFile file{NewDataFileKey(dataset.id), dataset.bucket, static_cast<int64_t>(matched.size()),
                static_cast<int64_t>(size)};
  file.kind = std::string(kDeleteFileKind);
  Status put = store.PutFile(file.path, local);
  if (!put.ok()) {
    std::filesystem::remove(local, ec);
    return put;
  }
  return file;
}

Result<DatasetVersion> TombstoneService::CommitDeleteFile(Connection& conn, const Dataset& dataset,
                                                          const Column& key, const SnapshotPin& pin,
                                                          const DataFile& file,
                                                          const TombstoneRequest& request,
                                                          const TombstoneResult& result) {
  // The dataset's row count stays what a query sees: the rows left after these tombstones.
  std::vector<DataFile> after = pin.files();
  after.push_back(file);
  after.back().version_added = pin.version() + 1;
  LH_ASSIGN_OR_RETURN(int64_t live_rows, CountLiveRows(conn, *buckets_, dataset, after));

  CommitRequest commit;
  commit.dataset_id = dataset.id;
  commit.expected_version = pin.version();
  commit.operation = VersionOperation::kDelete;
  commit.live_rows = live_rows;
  commit.files_added = {file};
  commit.actor = request.actor;
  commit.detail = Json{{"tombstones",
                        {{"key_column", key.name},
                         {"values", file.row_count},
                         {"rows", result.rows_tombstoned},
                         {"reason", request.reason}}}};
  return catalog_->Commit(std::move(commit));
}

Result<std::vector<Tombstone>> TombstoneService::List(std::string_view name) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(name));
  LH_ASSIGN_OR_RETURN(SnapshotPin pin, metastore_->PinSnapshot(dataset.name, std::nullopt));
  std::vector<DataFile> delete_files;
  for (const DataFile& file : pin.files()) {
    if (file.is_delete()) delete_files.push_back(file);
  }
  std::vector<Tombstone> out;
  if (delete_files.empty()) return out;
  LH_ASSIGN_OR_RETURN(std::vector<std::string> paths, LocalPaths(delete_files));
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(connection_timeout_));
  for (size_t i = 0; i < delete_files.size(); ++i) {
    LH_ASSIGN_OR_RETURN(QueryResult result,
                        lease->Query("SELECT key, key_column, actor, reason, epoch_us(deleted_at) "
                                     "FROM read_parquet(" +
                                     SqlStringLiteral(paths[i]) + ") ORDER BY key"));
    const RowSet rows = ReadRowSet(result);
    for (size_t r = 0; r < rows.row_count(); ++r) {
      Tombstone t;
      t.value = rows.String(r, 0);
      t.key_column = rows.String(r, 1);
      t.actor = rows.String(r, 2);
      t.reason = rows.String(r, 3);
      t.created_at = rows.Int64(r, 4).value_or(0);
      t.version = delete_files[i].version_added;
      out.push_back(std::move(t));
    }
  }
  return out;
}

}  // namespace lakehouse
