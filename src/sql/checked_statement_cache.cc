#include "sql/checked_statement_cache.h"

namespace lakehouse {

bool CheckedStatementCache::Contains(std::string_view sql) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(sql);
  if (it == index_.end()) return false;
  order_.splice(order_.begin(), order_, it->second);
  return true;
}

void CheckedStatementCache::Add(std::string_view sql) {
  if (capacity_ == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = index_.find(sql); it != index_.end()) {
    order_.splice(order_.begin(), order_, it->second);
    return;
  }
  order_.emplace_front(sql);
  index_.emplace(order_.front(), order_.begin());  // the key views the list's own string
  if (order_.size() > capacity_) {
    index_.erase(order_.back());
    order_.pop_back();
  }
}

size_t CheckedStatementCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return order_.size();
}

}  // namespace lakehouse
