// StorageMaintenance: the commit protocol's housekeeping. At start-up it removes orphans (objects
// under datasets/ that no commit references — a crash between writing and committing leaves them);
// then a background thread periodically reaps files removed by commits once no reader pins a
// version that still uses them.
//
// Thread-safety: Start/Stop from the owning thread; the loop runs on its own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "catalog/file_reaper.h"
#include "catalog/metastore.h"
#include "common/clock.h"
#include "common/mutex.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

class StorageMaintenance {
 public:
  StorageMaintenance(Metastore* metastore, BucketRegistry* buckets, const Clock* clock,
                     std::chrono::milliseconds reap_interval);
  ~StorageMaintenance();

  // Collects orphans in every bucket (synchronously; start-up only, before any writer runs) and
  // starts the periodic reaper.
  Status Start();
  void Stop();

 private:
  void Loop();

  Metastore* metastore_;
  BucketRegistry* buckets_;
  const Clock* clock_;
  std::chrono::milliseconds reap_interval_;
  std::vector<std::shared_ptr<ObjectStore>> stores_;  // kept alive for the reaper
  std::unique_ptr<FileReaper> reaper_;

  Mutex mu_;
  std::condition_variable wake_;
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace lakehouse
