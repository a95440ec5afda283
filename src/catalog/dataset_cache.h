// DatasetCache: Metastore::GetDataset for hot read paths (vector search, the no-op refresh) that
// need a dataset's version and columns on every request. A cached dataset is returned while the
// metastore has committed no write transaction since the read that produced it began
// (Metastore::write_count); any commit — to any table — makes the next Get read SQLite again.
// So a Get never returns a state older than the last write acknowledged to its caller, and costs
// a map lookup instead of a SQLite transaction (four statements) while nothing changes.
//
// Thread-safety: thread-safe. The Metastore must outlive the cache.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/metastore.h"
#include "common/mutex.h"

namespace lakehouse {

class DatasetCache {
 public:
  explicit DatasetCache(Metastore* metastore) : metastore_(metastore) {}

  // As Metastore::GetDataset (live datasets, case-insensitive names; NOT_FOUND otherwise).
  Result<std::shared_ptr<const Dataset>> Get(std::string_view name);

 private:
  struct Entry {
    uint64_t write_count = 0;  // Metastore::write_count() read before the dataset was
    std::shared_ptr<const Dataset> dataset;
  };
  static constexpr size_t kMaxEntries = 1024;

  Metastore* metastore_;
  Mutex mu_;
  std::unordered_map<std::string, Entry> entries_ LH_GUARDED_BY(mu_);  // by lower-case name
};

}  // namespace lakehouse
