// FileReaper: deferred deletion of data files that commits removed.
//
// A commit never deletes objects: readers may still be reading the version that used them. The
// reaper asks the Metastore to claim removed files that no pinned snapshot needs (snapshot_pin.h),
// which marks them purged in one transaction, then deletes the objects. If it dies in between,
// the objects are unreferenced and the orphan collector removes them at the next startup; an
// object already gone (NOT_FOUND) counts as deleted.
//
// Thread-safety: thread-safe (ReapOnce calls may overlap; each file is claimed once). The
// Metastore and the stores must outlive it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "catalog/metastore.h"
#include "storage/object_store.h"

namespace lakehouse {

struct ReapReport {
  int64_t deleted = 0;
  int64_t bytes_reclaimed = 0;
  int64_t failed = 0;  // delete errors; logged, left to the orphan collector
};

class FileReaper {
 public:
  // bucket name → store. Files in buckets not listed here are left alone.
  FileReaper(Metastore& metastore, std::map<std::string, ObjectStore*> stores);

  Result<ReapReport> ReapOnce();

 private:
  Metastore& metastore_;
  const std::map<std::string, ObjectStore*> stores_;
};

}  // namespace lakehouse
