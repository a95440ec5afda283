// CheckedStatementCache: SQL texts that already passed the sandbox's text-only checks (exactly one
// statement; sources allowed, statement_sources.h), so a repeated query skips parsing them again.
// Only checks that depend on nothing but the text may be cached: the statement kind is still
// taken from every Prepare. Bounded; the least recently used text goes first.
//
// Thread-safety: thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lakehouse {

class CheckedStatementCache {
 public:
  explicit CheckedStatementCache(size_t capacity = 256) : capacity_(capacity) {}

  // True when `sql` passed before (and marks it most recently used).
  bool Contains(std::string_view sql);
  void Add(std::string_view sql);
  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::string> order_;  // most recent first; guarded by mu_
  std::unordered_map<std::string_view, std::list<std::string>::iterator> index_;  // into order_
};

}  // namespace lakehouse
