#include "table/compactor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "catalog/dataset_layout.h"
#include "common/ids.h"
#include "common/logging.h"
#include "common/mutex.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

constexpr std::chrono::seconds kConnectionWait{30};

Result<int64_t> CountRows(Connection& conn, const std::string& from) {
  LH_ASSIGN_OR_RETURN(QueryResult counted, conn.Query("SELECT count(*) FROM " + from));
  Json n = counted.FetchScalar();
  if (!n.is_number_integer()) return Internal("row count query returned no number");
  return n.get<int64_t>();
}

}  // namespace

Json CompactionResult::ToJson() const {
  return Json{{"compacted", compacted},
              {"version", version},
              {"files_removed", files_removed},
              {"rows", rows}};
}

Compactor::Compactor(Metastore* metastore, CatalogService* catalog, BucketRegistry* buckets,
                     DatasetViewRegistry* views, ConnectionPool* pool,
                     const CommitListeners* listeners, std::string work_dir,
                     int64_t auto_compact_data_files)
    : metastore_(metastore),
      catalog_(catalog),
      buckets_(buckets),
      views_(views),
      pool_(pool),
      listeners_(listeners),
      work_dir_(std::move(work_dir)),
      auto_compact_data_files_(auto_compact_data_files) {
  worker_ = std::thread([this] { BackgroundLoop(); });
}

Compactor::~Compactor() { Stop(); }

void Compactor::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::mutex& Compactor::DatasetMutex(const std::string& id) {
  MutexLock lock(mu_);
  std::unique_ptr<std::mutex>& slot = dataset_mu_[id];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

Result<CompactionResult> Compactor::Compact(std::string_view name) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(name));
  std::lock_guard<std::mutex> writer(DatasetMutex(dataset.id));
  // The pin and the manifest must describe the same version; a writer may commit in between.
  std::optional<SnapshotPin> pinned;
  for (int attempt = 1; !pinned; ++attempt) {
    LH_ASSIGN_OR_RETURN(SnapshotPin candidate, metastore_->PinSnapshot(dataset.name, std::nullopt));
    LH_ASSIGN_OR_RETURN(dataset, metastore_->GetDataset(name));
    if (dataset.current_version == candidate.version()) {
      pinned.emplace(std::move(candidate));
    } else if (attempt >= kMaxCommitAttempts) {
      return Conflict("dataset '", dataset.name, "' kept changing while compaction started; retry");
    }
  }
  const SnapshotPin& pin = *pinned;
  CompactionResult result;
  result.version = pin.version();
  int64_t data_files = 0;
  bool any_delete = false;
  for (const DataFile& file : pin.files()) {
    if (file.is_delete()) {
      any_delete = true;
    } else {
      ++data_files;
    }
  }
  if (data_files <= 1 && !any_delete) {
    result.rows = dataset.row_count;
    return result;
  }

  LH_ASSIGN_OR_RETURN(DatasetViewRegistry::HeldSelect held,
                      views_->SelectSql(dataset, pin.files()));
  const std::string& select = held.sql;
  std::string staged = work_dir_ + "/compact-" + NewUuid() + ".parquet";
  struct Cleanup {
    std::string path;
    ~Cleanup() { std::remove(path.c_str()); }
  } cleanup{staged};
  {
    LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(kConnectionWait));
    LH_RETURN_IF_ERROR(lease->Execute("COPY (" + select + ") TO " + SqlStringLiteral(staged) +
                                      " (FORMAT parquet, COMPRESSION zstd)"));
    LH_ASSIGN_OR_RETURN(result.rows,
                        CountRows(*lease, "read_parquet(" + SqlStringLiteral(staged) + ")"));
    LH_ASSIGN_OR_RETURN(int64_t expected, CountRows(*lease, "(" + select + ")"));
    if (result.rows != expected) {
      return Internal("compaction of '", dataset.name, "' wrote ", std::to_string(result.rows),
                      " rows but the view has ", std::to_string(expected));
    }
  }
  FaultPause(dataset.name, "before_put");
  std::error_code ec;
  int64_t size = static_cast<int64_t>(std::filesystem::file_size(staged, ec));
  if (ec) return Internal("compaction output vanished: ", ec.message());

  LH_ASSIGN_OR_RETURN(auto store, buckets_->Get(dataset.bucket));
  std::string key = DatasetKeyPrefix(dataset.id) + "compact-v" + std::to_string(pin.version() + 1) +
                    "-" + NewUuid() + ".parquet";
  LH_RETURN_IF_ERROR(store->PutFile(key, staged));
  FaultPause(dataset.name, "before_commit");

  CommitRequest request;
  request.dataset_id = dataset.id;
  request.expected_version = pin.version();
  request.operation = VersionOperation::kCompact;
  request.files_added = {DataFile{key, dataset.bucket, result.rows, size}};
  for (const DataFile& file : pin.files()) request.files_removed.push_back(file.path);
  request.actor = "compactor";
  request.detail = Json{{"files_compacted", static_cast<int64_t>(pin.files().size())}};
  Result<DatasetVersion> committed = Conflict("not committed");
  for (int attempt = 1;; ++attempt) {
    committed = catalog_->Commit(request);
    if (committed.ok() || committed.status().code() != StatusCode::kConflict ||
        attempt >= kMaxCommitAttempts) {
      break;
    }
    Result<std::optional<RebaseBase>> base = RebaseOnto(dataset, pin.version());
    if (!base.ok() || !*base) break;
    if (dataset.primary_key.has_value() && !dataset.primary_key->empty()) {
      // Against every file since the pin, so a second rebase filters what the first one saw too.
      Status dropped = DropSupersededKeys(dataset, (*base)->newer, &key, &result.rows, &size);
      if (!dropped.ok()) {
        committed = dropped;
        break;
      }
      request.files_added = {DataFile{key, dataset.bucket, result.rows, size}};
    }
    LH_LOG_INFO("compaction of '{}' rebased from version {} onto {}", dataset.name,
                request.expected_version, (*base)->current);
    request.expected_version = (*base)->current;
  }
  if (!committed.ok()) {
    Status deleted = store->Delete(key);  // never published; the orphan collector is the backstop
    if (!deleted.ok()) LH_LOG_WARN("compaction output {} not deleted: {}", key, deleted.ToString());
    return committed.status();
  }
  FaultPause(dataset.name, "after_commit");
  result.compacted = true;
  result.version = committed->version;
  result.files_removed = static_cast<int64_t>(committed->files_removed.size());
  if (listeners_ != nullptr) {
    Result<Dataset> after = metastore_->GetDataset(dataset.name);
    if (after.ok()) listeners_->Notify(*after, *committed);
  }
  return result;
}

Result<std::optional<Compactor::RebaseBase>> Compactor::RebaseOnto(const Dataset& dataset,
                                                                   int64_t pinned) {
  const std::optional<RebaseBase> kNoRebase;
  const bool keyed = dataset.primary_key.has_value() && !dataset.primary_key->empty();
  LH_ASSIGN_OR_RETURN(Dataset now, metastore_->GetDataset(dataset.name));
  if (now.id != dataset.id) return kNoRebase;  // deleted and re-created meanwhile
  if (now.primary_key != dataset.primary_key) return kNoRebase;
  LH_ASSIGN_OR_RETURN(std::vector<DatasetVersion> versions, metastore_->ListVersions(dataset.name));
  RebaseBase base;
  for (const DatasetVersion& version : versions) {
    if (version.version <= pinned) continue;
    if (!version.files_removed.empty()) return kNoRebase;  // a replace or a compaction
    if (!keyed && version.operation != VersionOperation::kAppend) return kNoRebase;
    for (const DataFile& file : version.files_added) {
      if (file.is_delete() && !keyed) return kNoRebase;
      base.newer.push_back(file);
    }
  }
  base.current = now.current_version;
  return std::optional<RebaseBase>(std::move(base));
}

Status Compactor::DropSupersededKeys(const Dataset& dataset, const std::vector<DataFile>& newer,
                                     std::string* key, int64_t* rows, int64_t* size) {
  std::string data_paths;
  std::string delete_paths;
  for (const DataFile& file : newer) {
    LH_ASSIGN_OR_RETURN(std::string local, buckets_->ReadPath(file.bucket, file.path));
    std::string& list = file.is_delete() ? delete_paths : data_paths;
    list += (list.empty() ? "" : ", ") + SqlStringLiteral(local);
  }
  if (data_paths.empty() && delete_paths.empty()) return Status::Ok();
  std::vector<std::string> superseded;
  if (!data_paths.empty()) {
    superseded.push_back("SELECT " + TombstoneKeyExpression(*dataset.primary_key, "d.") +
                         " AS k FROM read_parquet([" + data_paths + "], union_by_name = true) d");
  }
  if (!delete_paths.empty()) {
    superseded.push_back("SELECT CAST(t.\"key\" AS VARCHAR) AS k FROM read_parquet([" +
                         delete_paths + "], union_by_name = true) t");
  }
  std::string union_sql;
  for (const std::string& part : superseded) {
    union_sql += (union_sql.empty() ? "" : " UNION ALL ") + part;
  }
  LH_ASSIGN_OR_RETURN(std::string compact, buckets_->ReadPath(dataset.bucket, *key));
  const std::string staged = work_dir_ + "/compact-" + NewUuid() + ".parquet";
  struct Cleanup {
    std::string path;
    ~Cleanup() { std::remove(path.c_str()); }
  } cleanup{staged};
  int64_t kept = 0;
  {
    LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(kConnectionWait));
    LH_RETURN_IF_ERROR(lease->Execute(
        "COPY (WITH s AS (" + union_sql + ") SELECT c.* FROM read_parquet(" +
        SqlStringLiteral(compact) + ") c WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.k = " +
        TombstoneKeyExpression(*dataset.primary_key, "c.") + ")) TO " + SqlStringLiteral(staged) +
        " (FORMAT parquet, COMPRESSION zstd)"));
    LH_ASSIGN_OR_RETURN(kept, CountRows(*lease, "read_parquet(" + SqlStringLiteral(staged) + ")"));
  }
  std::error_code ec;
  const auto bytes = static_cast<int64_t>(std::filesystem::file_size(staged, ec));
  if (ec) return Internal("compaction output vanished: ", ec.message());
  LH_ASSIGN_OR_RETURN(auto store, buckets_->Get(dataset.bucket));
  const std::string rewritten = DatasetKeyPrefix(dataset.id) + "compact-r" + NewUuid() + ".parquet";
  LH_RETURN_IF_ERROR(store->PutFile(rewritten, staged));
  Status deleted = store->Delete(*key);  // never published
  if (!deleted.ok()) LH_LOG_WARN("compaction output {} not deleted: {}", *key, deleted.ToString());
  *key = rewritten;
  *rows = kept;
  *size = bytes;
  return Status::Ok();
}

void Compactor::FaultPause(const std::string& dataset, const char* stage) const {
  if (fault_pause_.count() <= 0) return;
  LH_LOG_WARN("compaction fault hook: '{}' paused {} for {} ms", dataset, stage,
              fault_pause_.count());
  std::this_thread::sleep_for(fault_pause_);
}

void Compactor::OnCommit(const Dataset& dataset, const DatasetVersion& version) {
  if (version.operation == VersionOperation::kCompact || auto_compact_data_files_ <= 0) return;
  try {
    Result<SnapshotPin> pin = metastore_->PinSnapshot(dataset.name, std::nullopt);
    if (!pin.ok()) return;
    int64_t data_files = 0;
    for (const DataFile& file : pin->files()) data_files += file.is_delete() ? 0 : 1;
    if (data_files <= auto_compact_data_files_) return;
    {
      MutexLock lock(mu_);
      if (stopping_) return;
      // A dataset waiting out a backoff keeps its later time.
      queued_.emplace(dataset.name, std::chrono::steady_clock::now());
    }
    wake_.notify_one();
  } catch (const std::exception& e) {
    LH_LOG_ERROR("auto-compaction check of '{}' failed: {}", dataset.name, e.what());
  }
}

void Compactor::BackgroundLoop() {
  while (true) {
    std::string name;
    {
      MutexLock lock(mu_);
      while (true) {
        if (stopping_) return;
        if (queued_.empty()) {
          wake_.wait(lock.native());
          continue;
        }
        auto next =
            std::min_element(queued_.begin(), queued_.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        if (next->second <= std::chrono::steady_clock::now()) {
          name = next->first;
          queued_.erase(next);
          break;
        }
        const SteadyTime wake_at = next->second;  // the map may change while waiting
        wake_.wait_until(lock.native(), wake_at);
      }
    }
    Status status;
    try {
      Result<CompactionResult> done = Compact(name);
      status = done.status();
      if (done.ok() && done->compacted) {
        LH_LOG_INFO("auto-compacted '{}' into version {} ({} files, {} rows)", name, done->version,
                    done->files_removed, done->rows);
      }
    } catch (const std::exception& e) {
      status = Internal("auto-compaction threw: ", e.what());
    }
    AfterBackgroundRun(name, status);
  }
}

void Compactor::AfterBackgroundRun(const std::string& name, const Status& status) {
  if (status.ok() || status.code() == StatusCode::kNotFound) {  // done, or the dataset is gone
    MutexLock lock(mu_);
    failures_.erase(name);
    return;
  }
  const bool conflict = status.code() == StatusCode::kConflict;
  std::chrono::milliseconds delay;
  int failures;
  {
    MutexLock lock(mu_);
    failures = ++failures_[name];
    const int doublings = std::min(failures - 1, 20);
    delay = std::min<std::chrono::milliseconds>(
        (conflict ? kConflictRetryBase : kFailureRetryBase) * (int64_t{1} << doublings),
        conflict ? kMaxConflictRetryDelay : kMaxRetryDelay);
    if (stopping_) return;
    SteadyTime& at = queued_[name];
    at = std::max(at, std::chrono::steady_clock::now() + delay);
  }
  wake_.notify_one();
  LH_LOG_WARN("auto-compaction of '{}' failed ({} in a row), retrying in {} ms: {}", name, failures,
              delay.count(), status.ToString());
  if (conflict) return;
  Result<Dataset> dataset = metastore_->GetDataset(name);
  Status recorded =
      buckets_->journal().Record(dataset.ok() ? dataset->bucket : "", "compact",
                                 dataset.ok() ? DatasetKeyPrefix(dataset->id) : name, status);
  if (!recorded.ok()) {
    LH_LOG_WARN("auto-compaction failure of '{}' not journaled: {}", name, recorded.ToString());
  }
}

}  // namespace lakehouse
