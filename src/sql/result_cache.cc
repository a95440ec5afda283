#include "sql/result_cache.h"

#include <algorithm>

namespace lakehouse {

Json ResultCacheStats::ToJson() const {
  return Json{{"enabled", enabled},
              {"entries", entries},
              {"bytes", bytes},
              {"budget_bytes", budget_bytes},
              {"max_result_bytes", max_result_bytes},
              {"hits", hits},
              {"misses", misses},
              {"uncacheable", uncacheable}};
}

ResultCache::ResultCache(int64_t budget_bytes, int64_t max_result_bytes)
    : budget_bytes_(std::max<int64_t>(budget_bytes, 0)),
      max_result_bytes_(std::max<int64_t>(max_result_bytes, 0)) {}

std::string ResultCache::MakeKey(const StatementFacts& facts, const Json& params, int64_t limit,
                                 const std::vector<ResultSource>& sources) {
  // Unit separators keep the parts apart; none of them can contain one unescaped (JSON dumps
  // escape control characters, ids and numbers have none).
  std::string key = facts.normalized;
  key += '\x1f';
  key += params.dump();
  key += '\x1f';
  key += std::to_string(limit);
  std::vector<ResultSource> sorted = sources;
  std::sort(sorted.begin(), sorted.end(), [](const ResultSource& a, const ResultSource& b) {
    return a.dataset_id < b.dataset_id;
  });
  for (const ResultSource& source : sorted) {
    key += '\x1f';
    key += source.dataset_id + "@" + std::to_string(source.version) + "/" +
           std::to_string(source.table_version) + "#" + std::to_string(source.build);
  }
  return key;
}

int64_t ResultCache::EstimateBytes(const Json& value) {
  int64_t bytes = 16;
  if (value.is_string()) {
    bytes += static_cast<int64_t>(value.get_ref<const std::string&>().size());
  } else if (value.is_array()) {
    for (const Json& child : value) bytes += EstimateBytes(child);
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      bytes += 32 + static_cast<int64_t>(key.size()) + EstimateBytes(child);
    }
  }
  return bytes;
}

int64_t ResultCache::EstimateBytes(const RowSet& rows) {
  int64_t bytes = 64;
  for (const ColumnInfo& column : rows.columns) {
    bytes += 32 + static_cast<int64_t>(column.name.size() + column.type.size());
  }
  for (const std::vector<SqlValue>& row : rows.rows) {
    bytes += 16;
    for (const SqlValue& value : row) {
      if (const std::string* text = value.AsString()) {
        bytes += 16 + static_cast<int64_t>(text->size());
      } else if (const Json* nested = value.AsNested()) {
        bytes += EstimateBytes(*nested);
      } else {
        bytes += 16;
      }
    }
  }
  return bytes;
}

std::shared_ptr<const RowSet> ResultCache::Lookup(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.result;
}

bool ResultCache::Insert(const std::string& key, const std::vector<ResultSource>& sources,
                         std::shared_ptr<const RowSet> result) {
  if (!enabled() || result == nullptr) return false;
  const int64_t bytes = EstimateBytes(*result) + static_cast<int64_t>(key.size());
  if (bytes > budget_bytes_ || (max_result_bytes_ > 0 && bytes > max_result_bytes_)) return false;
  std::shared_ptr<const RowSet> shared = std::move(result);
  std::lock_guard<std::mutex> lock(mu_);
  for (const ResultSource& source : sources) {
    auto floor = min_build_.find(source.dataset_id);
    if (floor != min_build_.end() && source.build < floor->second) return false;
  }
  if (auto it = entries_.find(key); it != entries_.end()) EraseLocked(it);
  lru_.push_front(key);
  Entry entry{std::move(shared), sources, bytes, lru_.begin()};
  entries_.emplace(key, std::move(entry));
  bytes_ += bytes;
  TrimLocked(budget_bytes_);
  return true;
}

void ResultCache::DropDataset(const std::string& dataset_id, uint64_t min_build) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t& floor = min_build_[dataset_id];
  floor = std::max(floor, min_build);
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    for (const ResultSource& source : it->second.sources) {
      if (source.dataset_id == dataset_id && source.build < floor) {
        EraseLocked(it);
        break;
      }
    }
    it = next;
  }
}

void ResultCache::TrimTo(int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  TrimLocked(bytes);
}

void ResultCache::TrimLocked(int64_t bytes) {
  while (bytes_ > bytes && !lru_.empty()) EraseLocked(entries_.find(lru_.back()));
}

void ResultCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.bytes;
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

void ResultCache::CountUncacheable() {
  std::lock_guard<std::mutex> lock(mu_);
  ++uncacheable_;
}

int64_t ResultCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

ResultCacheStats ResultCache::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  ResultCacheStats stats;
  stats.enabled = enabled();
  stats.entries = static_cast<int64_t>(entries_.size());
  stats.bytes = bytes_;
  stats.budget_bytes = budget_bytes_;
  stats.max_result_bytes = max_result_bytes_;
  stats.hits = hits_;
  stats.misses = misses_;
  stats.uncacheable = uncacheable_;
  return stats;
}

}  // namespace lakehouse
