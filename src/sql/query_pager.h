// QueryPager: results of /query/paged kept in memory so a client can fetch them page by page.
//
// A paged query runs once through QueryService (same sandbox, up to QueryService::kMaxRowLimit
// rows); its rows are kept under a random query id in an LRU bounded by kMaxResults results and
// kMaxRows rows in total. The least recently used result is dropped first; fetching a dropped or
// unknown id → NOT_FOUND (run the query again).
//
// Thread-safety: thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/mutex.h"
#include "common/result.h"
#include "sql/query_service.h"

namespace lakehouse {

// What Start reports about a kept result.
struct PagedQuery {
  std::string query_id;
  int64_t total_rows = 0;
  int64_t pages = 0;
  int64_t page_size = 0;
  bool truncated = false;
  std::vector<ColumnInfo> columns;
  // {"query_id","total_rows","pages","page_size","truncated","columns"}
  Json ToJson() const;
};

// One page of a kept result; `rows` views the kept RowSet (rows [first, first + count)).
struct QueryPage {
  std::string query_id;
  int64_t page = 0;
  int64_t size = 0;
  int64_t pages = 0;
  int64_t total_rows = 0;
  std::shared_ptr<const RowSet> rows;
  size_t first = 0;
  size_t count = 0;
  // The tables and views the query read (QueryAnswer::tables), for the audit log.
  std::vector<std::string> tables{};
  // {"query_id","page","size","pages","total_rows","columns","rows"}
  Json ToJson() const;
};

class QueryPager {
 public:
  static constexpr size_t kMaxResults = 32;
  static constexpr int64_t kMaxRows = 2'000'000;
  static constexpr int64_t kDefaultPageSize = 100;
  static constexpr int64_t kMaxPageSize = 10'000;

  explicit QueryPager(QueryService* queries) : queries_(queries) {}

  // Runs the query and keeps its result for `owner` (the principal's name). `page_size` null →
  // kDefaultPageSize.
  Result<PagedQuery> Start(SqlRequest request, std::optional<int64_t> page_size,
                           std::string owner = "");
  // Page `page` (0-based) of `size` rows (null → the page size the query was started with). A
  // page past the end → NOT_FOUND. A result kept for another owner is NOT_FOUND too, unless
  // `owner` is null (an unrestricted caller).
  Result<QueryPage> Page(const std::string& query_id, int64_t page, std::optional<int64_t> size,
                         const std::string* owner = nullptr);

 private:
  struct Stored {
    std::shared_ptr<const RowSet> rows;
    int64_t page_size = kDefaultPageSize;  // as announced by Start
    std::string owner;
    std::vector<std::string> tables;  // QueryAnswer::tables
  };
  void EvictLocked() LH_REQUIRES(mu_);

  QueryService* queries_;
  Mutex mu_;
  std::list<std::string> lru_ LH_GUARDED_BY(mu_);  // most recent first
  std::map<std::string, std::pair<std::shared_ptr<const Stored>, std::list<std::string>::iterator>>
      results_ LH_GUARDED_BY(mu_);
  int64_t stored_rows_ LH_GUARDED_BY(mu_) = 0;
};

}  // namespace lakehouse
