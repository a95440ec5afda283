#include "catalog/dataset_cache.h"

#include <cctype>

#include "common/mutex.h"
#include "common/strings.h"

namespace lakehouse {

Result<std::shared_ptr<const Dataset>> DatasetCache::Get(std::string_view name) {
  std::string key = AsciiLower(name);
  // Read the counter first: a commit that lands while we read SQLite changes it, so the entry we
  // store is never trusted past that commit.
  const uint64_t writes = metastore_->write_count();
  {
    MutexLock lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.write_count == writes) return it->second.dataset;
  }
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(name));
  auto shared = std::make_shared<const Dataset>(std::move(dataset));
  MutexLock lock(mu_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key] = Entry{writes, shared};
  return shared;
}

}  // namespace lakehouse
