// CheckedStatementCache: SQL texts that already passed the sandbox's text-only checks (exactly one
// statement; sources allowed, statement_sources.h), so a repeated query skips parsing them again,
// each with the StatementFacts the result cache needs (statement_facts.h), derived from the same
// parse. Only what depends on nothing but the text is cached. That includes whether the text may
// run without a prepare ("direct"): a read-only statement (its kind, taken from DuckDB's Prepare
// the first time, is syntactic) with no parameters. Executing a prepared statement binds it again,
// which for a view over Parquet re-reads the file metadata (≈ 1 ms, 10 % of a 9 ms aggregate), so
// a known text runs in one bind. Bounded; the least recently used text goes first.
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

#include "common/mutex.h"
#include "sql/statement_facts.h"

namespace lakehouse {

class CheckedStatementCache {
 public:
  explicit CheckedStatementCache(size_t capacity = 256) : capacity_(capacity) {}

  // The facts of `sql` when it passed before (and marks it most recently used); null otherwise.
  // *direct (when given) tells whether it may run without a prepare.
  std::shared_ptr<const StatementFacts> Find(std::string_view sql, bool* direct = nullptr);
  bool Contains(std::string_view sql) { return Find(sql) != nullptr; }
  void Add(std::string_view sql,
           std::shared_ptr<const StatementFacts> facts = std::make_shared<const StatementFacts>(),
           bool direct = false);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const StatementFacts> facts;
    bool direct = false;
  };
  using Item = std::pair<std::string, Entry>;
  const size_t capacity_;
  mutable Mutex mu_;
  std::list<Item> order_ LH_GUARDED_BY(mu_);  // most recent first
  std::unordered_map<std::string_view, std::list<Item>::iterator> index_
      LH_GUARDED_BY(mu_);  // into order_
};

}  // namespace lakehouse
