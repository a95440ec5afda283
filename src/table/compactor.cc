#include "table/compactor.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "catalog/dataset_layout.h"
#include "common/ids.h"
#include "common/logging.h"
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
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::mutex& Compactor::DatasetMutex(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<std::mutex>& slot = dataset_mu_[id];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

Result<CompactionResult> Compactor::Compact(std::string_view name) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(name));
  std::lock_guard<std::mutex> writer(DatasetMutex(dataset.id));
  LH_ASSIGN_OR_RETURN(SnapshotPin pin, metastore_->PinSnapshot(dataset.name, std::nullopt));
  LH_ASSIGN_OR_RETURN(dataset, metastore_->GetDataset(name));  // the manifest of the pinned version
  if (dataset.current_version != pin.version()) {
    return Conflict("dataset '", dataset.name, "' changed while compaction started; retry");
  }
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

  LH_ASSIGN_OR_RETURN(std::string select, views_->SelectSql(dataset, pin.files()));
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
  Result<DatasetVersion> committed = catalog_->Commit(std::move(request));
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
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      queued_.insert(dataset.name);
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
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
      if (stopping_) return;
      name = *queued_.begin();
      queued_.erase(queued_.begin());
    }
    try {
      Result<CompactionResult> done = Compact(name);
      if (!done.ok()) {
        LH_LOG_WARN("auto-compaction of '{}' failed: {}", name, done.status().ToString());
      } else if (done->compacted) {
        LH_LOG_INFO("auto-compacted '{}' into version {} ({} files, {} rows)", name, done->version,
                    done->files_removed, done->rows);
      }
    } catch (const std::exception& e) {
      LH_LOG_ERROR("auto-compaction of '{}' failed: {}", name, e.what());
    }
  }
}

}  // namespace lakehouse
