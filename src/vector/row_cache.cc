#include "vector/row_cache.h"

#include <utility>
#include <vector>

#include "common/logging.h"
#include "common/mutex.h"

namespace lakehouse {

std::string RowSetKey::Family() const {
  return std::to_string(dataset_id.size()) + ":" + dataset_id + std::to_string(id_column.size()) +
         ":" + id_column + projection;
}

std::string RowSetKey::Encode() const { return std::to_string(version) + "@" + Family(); }

RowCache::RowCache(RowCacheOptions options, Loader loader)
    : options_(options), loader_(std::move(loader)) {
  if (options_.budget_bytes > 0) worker_ = std::thread([this] { Run(); });
}

RowCache::~RowCache() { Stop(); }

void RowCache::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::shared_ptr<const CachedRowSet> RowCache::Find(const RowSetKey& key) {
  MutexLock lock(mu_);
  auto it = by_key_.find(key.Encode());
  if (it == by_key_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->rows;
}

void RowCache::Request(const RowSetKey& key, std::string sql, std::function<bool()> still_current) {
  bool queued;
  {
    MutexLock lock(mu_);
    queued = QueueLocked(key, std::move(sql), std::move(still_current));
  }
  if (queued) cv_.notify_all();
}

bool RowCache::QueueLocked(const RowSetKey& key, std::string sql,
                           std::function<bool()> still_current) {
  std::string encoded = key.Encode();
  if (stopping_ || !worker_.joinable() || by_key_.count(encoded) > 0 ||
      queued_.count(encoded) > 0 || refused_.count(key.Family()) > 0) {
    return false;
  }
  queued_.insert(std::move(encoded));
  queue_.push_back(Pending{key, std::move(sql), std::move(still_current)});
  return true;
}

void RowCache::Rewarm(const std::string& dataset_id, int64_t version,
                      const std::function<bool()>& still_current) {
  bool queued = false;
  {
    MutexLock lock(mu_);
    std::vector<std::pair<RowSetKey, std::string>> stale;
    for (const Entry& entry : lru_) {
      if (entry.row_key.dataset_id == dataset_id && entry.row_key.version < version) {
        stale.emplace_back(entry.row_key, entry.sql);
      }
    }
    for (auto& [key, sql] : stale) {
      key.version = version;
      // A burst of commits reads only the newest version: older ones still queued go.
      for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->key.Family() == key.Family() && it->key.version < version) {
          queued_.erase(it->key.Encode());
          it = queue_.erase(it);
        } else {
          ++it;
        }
      }
      queued = QueueLocked(key, std::move(sql), still_current) || queued;
    }
  }
  if (queued) cv_.notify_all();
}

void RowCache::WaitIdle() {
  MutexLock lock(mu_);
  cv_.wait(lock.native(), [&]() LH_REQUIRES(mu_) { return stopping_ || queued_.empty(); });
}

void RowCache::Run() {
  MutexLock lock(mu_);
  while (true) {
    cv_.wait(lock.native(), [&]() LH_REQUIRES(mu_) { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    Pending pending = std::move(queue_.front());
    queue_.pop_front();
    lock.Unlock();
    Build(pending);
    lock.Lock();
    queued_.erase(pending.key.Encode());
    cv_.notify_all();
  }
  queued_.clear();
  cv_.notify_all();
}

void RowCache::Build(const Pending& pending) {
  Result<std::shared_ptr<const RowSet>> result = loader_(pending.sql);
  if (!result.ok()) {
    LH_LOG_WARN("row cache: reading rows of dataset {}: {}", pending.key.dataset_id,
                result.status().ToString());
    return;
  }
  const RowSet& read = **result;
  auto set = std::make_shared<CachedRowSet>();
  int64_t bytes = 0;
  bool too_large = read.truncated || static_cast<int64_t>(read.row_count()) > kMaxRows;
  if (!too_large) {
    RowsByDocId(read, &set->rows, &bytes, options_.budget_bytes);
    too_large = bytes > options_.budget_bytes;
  }
  const bool current = !too_large && pending.still_current && pending.still_current();
  MutexLock lock(mu_);
  if (too_large) {
    refused_.insert(pending.key.Family());
    LH_LOG_INFO(
        "row cache: dataset {} ({}) is over the row cache budget; searches read its rows "
        "with SQL",
        pending.key.dataset_id, pending.key.projection);
    return;
  }
  if (stopping_ || !current) return;
  set->bytes = bytes;
  KeepLocked(pending, std::move(set));
}

void RowCache::KeepLocked(const Pending& built, std::shared_ptr<const CachedRowSet> rows) {
  const RowSetKey& key = built.key;
  const std::string family = key.Family();
  // Older versions of the same family are superseded.
  for (auto it = lru_.begin(); it != lru_.end();) {
    if (it->family == family) {
      bytes_ -= it->rows->bytes;
      by_key_.erase(it->key);
      it = lru_.erase(it);
    } else {
      ++it;
    }
  }
  bytes_ += rows->bytes;
  lru_.push_front(Entry{key.Encode(), family, std::move(rows), key, built.sql});
  by_key_[lru_.front().key] = lru_.begin();
  ++builds_;
  while (lru_.size() > 1 && bytes_ > options_.budget_bytes) {
    bytes_ -= lru_.back().rows->bytes;
    by_key_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

int64_t RowCache::bytes() const {
  MutexLock lock(mu_);
  return bytes_;
}

int64_t RowCache::builds() const {
  MutexLock lock(mu_);
  return builds_;
}

}  // namespace lakehouse
