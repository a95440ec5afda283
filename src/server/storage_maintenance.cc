#include "server/storage_maintenance.h"

#include "catalog/orphan_collector.h"
#include "common/logging.h"
#include "common/mutex.h"

namespace lakehouse {

StorageMaintenance::StorageMaintenance(Metastore* metastore, BucketRegistry* buckets,
                                       const Clock* clock, std::chrono::milliseconds reap_interval)
    : metastore_(metastore), buckets_(buckets), clock_(clock), reap_interval_(reap_interval) {}

StorageMaintenance::~StorageMaintenance() { Stop(); }

Status StorageMaintenance::Start() {
  std::map<std::string, ObjectStore*> by_name;
  for (const BucketInfo& info : buckets_->List()) {
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, buckets_->Get(info.name));
    Result<OrphanReport> orphans = CollectOrphans(*metastore_, info.name, *store, *clock_);
    if (!orphans.ok()) {
      LH_LOG_WARN("orphan collection in bucket '{}' failed: {}", info.name,
                  orphans.status().ToString());
    } else if (orphans->deleted > 0 || orphans->failed > 0) {
      LH_LOG_INFO("orphan collection in bucket '{}': {} removed, {} failed", info.name,
                  orphans->deleted, orphans->failed);
    }
    by_name[info.name] = store.get();
    stores_.push_back(std::move(store));
  }
  reaper_ = std::make_unique<FileReaper>(*metastore_, std::move(by_name));
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void StorageMaintenance::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StorageMaintenance::Loop() {
  MutexLock lock(mu_);
  while (!stopping_) {
    lock.Unlock();
    try {
      Result<ReapReport> reaped = reaper_->ReapOnce();
      if (!reaped.ok()) {
        LH_LOG_WARN("reaping removed files failed: {}", reaped.status().ToString());
      } else if (reaped->deleted > 0) {
        LH_LOG_INFO("reaped {} removed files ({} bytes)", reaped->deleted, reaped->bytes_reclaimed);
      }
    } catch (const std::exception& e) {
      LH_LOG_ERROR("reaper threw: {}", e.what());
    }
    lock.Lock();
    wake_.wait_for(lock.native(), reap_interval_, [this]() LH_REQUIRES(mu_) { return stopping_; });
  }
}

}  // namespace lakehouse
