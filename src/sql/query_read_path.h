// QueryReadPath: what QueryService needs from the read path around each client statement — the
// dataset views brought up to the catalog and kept readable until the result is consumed, the
// result cache with the pinned datasets a statement reads, and where reads of pinned datasets are
// counted. Implemented by table/ReadPath, which owns the views, the hot cache and the result
// cache; QueryService without one (tests, tools) reads the database as it is, uncached.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "sql/result_cache.h"

namespace lakehouse {

// What BeforeQuery hands back and the service keeps until the statement's result is consumed,
// e.g. a lease that keeps the files of the dataset views the query reads on disk.
class QueryScope {
 public:
  virtual ~QueryScope() = default;
};

class QueryReadPath {
 public:
  virtual ~QueryReadPath() = default;

  // Before every statement is prepared: brings the views up to the catalog; a failure fails the
  // query. The scope (may be null) lives until the result is consumed.
  virtual Result<std::unique_ptr<QueryScope>> BeforeQuery() = 0;
  // A client statement that passed the sandbox reads `tables` (StatementFacts::tables: lower-case
  // names from its parse tree). Called from every querying thread at once.
  virtual void CountRead(const std::vector<std::string>& tables) = 0;
  // The result cache, or null when there is none.
  virtual ResultCache* results() = 0;
  // The pinned datasets behind `tables`, each in its current state, or nullopt when any of them
  // is not a pinned dataset (see ResultCache).
  virtual std::optional<std::vector<ResultSource>> PinnedSources(
      const std::vector<std::string>& tables) = 0;
};

}  // namespace lakehouse
