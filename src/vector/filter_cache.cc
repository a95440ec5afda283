#include "vector/filter_cache.h"

namespace lakehouse {

std::string FilterKey::Encode() const {
  // Lengths first: no separator can be confused with a character of the filter or column.
  return std::to_string(dataset_id.size()) + ":" + dataset_id + std::to_string(version) + ":" +
         std::to_string(id_column.size()) + ":" + id_column + filter;
}

std::shared_ptr<const std::vector<uint64_t>> ResolvedFilter::Labels(
    const std::shared_ptr<const IndexGeneration>& gen) const {
  if (gen == nullptr) return std::make_shared<const std::vector<uint64_t>>();
  const int64_t current = gen->publish_epoch();
  {
    MutexLock lock(mu_);
    if (labels_ && gen_.lock() == gen && epoch_ == current) return labels_;
  }
  auto [labels, epoch] = gen->LabelsOf(docs_);
  auto shared = std::make_shared<const std::vector<uint64_t>>(std::move(labels));
  MutexLock lock(mu_);
  gen_ = gen;
  epoch_ = epoch;
  labels_ = shared;
  return shared;
}

std::shared_ptr<const ResolvedFilter> FilterCache::Find(const FilterKey& key) {
  MutexLock lock(mu_);
  auto it = by_key_.find(key.Encode());
  if (it == by_key_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->filter;
}

std::shared_ptr<const ResolvedFilter> FilterCache::Insert(const FilterKey& key,
                                                          std::unordered_set<std::string> docs) {
  auto filter = std::make_shared<const ResolvedFilter>(std::move(docs));
  const size_t count = filter->docs().size();
  if (count > kMaxDocs) return filter;
  std::string encoded = key.Encode();
  MutexLock lock(mu_);
  if (auto it = by_key_.find(encoded); it != by_key_.end()) {
    docs_ -= it->second->filter->docs().size();
    lru_.erase(it->second);
    by_key_.erase(it);
  }
  lru_.push_front(Entry{encoded, filter});
  by_key_[std::move(encoded)] = lru_.begin();
  docs_ += count;
  EvictLocked();
  return filter;
}

void FilterCache::EvictLocked() {
  while (lru_.size() > 1 && (lru_.size() > kMaxEntries || docs_ > kMaxDocs)) {
    docs_ -= lru_.back().filter->docs().size();
    by_key_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

size_t FilterCache::size() const {
  MutexLock lock(mu_);
  return lru_.size();
}

size_t FilterCache::docs() const {
  MutexLock lock(mu_);
  return docs_;
}

}  // namespace lakehouse
