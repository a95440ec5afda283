#include "sql/checked_statement_cache.h"

#include "common/mutex.h"

namespace lakehouse {

std::shared_ptr<const StatementFacts> CheckedStatementCache::Find(std::string_view sql,
                                                                  bool* direct) {
  if (direct != nullptr) *direct = false;
  MutexLock lock(mu_);
  auto it = index_.find(sql);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  if (direct != nullptr) *direct = it->second->second.direct;
  return it->second->second.facts;
}

void CheckedStatementCache::Add(std::string_view sql, std::shared_ptr<const StatementFacts> facts,
                                bool direct) {
  if (capacity_ == 0) return;
  MutexLock lock(mu_);
  if (auto it = index_.find(sql); it != index_.end()) {
    it->second->second = Entry{std::move(facts), direct};
    order_.splice(order_.begin(), order_, it->second);
    return;
  }
  order_.emplace_front(std::string(sql), Entry{std::move(facts), direct});
  index_.emplace(order_.front().first, order_.begin());  // the key views the list's own string
  if (order_.size() > capacity_) {
    index_.erase(order_.back().first);
    order_.pop_back();
  }
}

size_t CheckedStatementCache::size() const {
  MutexLock lock(mu_);
  return order_.size();
}

}  // namespace lakehouse
