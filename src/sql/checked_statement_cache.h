// CheckedStatementCache: SQL texts that already passed the sandbox's text-only checks (exactly one
// statement; sources allowed, statement_sources.h), so a repeated query skips parsing them again,
// each with the StatementFacts the result cache needs (statement_facts.h), derived from the same
// parse. Only checks that depend on nothing but the text may be cached: the statement kind is still
// taken from every Prepare. Bounded; the least recently used text goes first.
//
// Thread-safety: thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "sql/statement_facts.h"

namespace lakehouse {

class CheckedStatementCache {
 public:
  explicit CheckedStatementCache(size_t capacity = 256) : capacity_(capacity) {}

  // The facts of `sql` when it passed before (and marks it most recently used); null otherwise.
  std::shared_ptr<const StatementFacts> Find(std::string_view sql);
  bool Contains(std::string_view sql) { return Find(sql) != nullptr; }
  void Add(std::string_view sql,
           std::shared_ptr<const StatementFacts> facts = std::make_shared<const StatementFacts>());
  size_t size() const;

 private:
  using Item = std::pair<std::string, std::shared_ptr<const StatementFacts>>;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<Item> order_;  // most recent first; guarded by mu_
  std::unordered_map<std::string_view, std::list<Item>::iterator> index_;  // into order_
};

}  // namespace lakehouse
