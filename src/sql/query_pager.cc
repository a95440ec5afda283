#include "sql/query_pager.h"

#include "common/ids.h"
#include "common/mutex.h"

namespace lakehouse {
namespace {

Status CheckPageSize(int64_t size) {
  if (size < 1 || size > QueryPager::kMaxPageSize) {
    return InvalidArgument("page size must be between 1 and ",
                           std::to_string(QueryPager::kMaxPageSize));
  }
  return Status::Ok();
}

int64_t PageCount(int64_t rows, int64_t size) { return (rows + size - 1) / size; }

}  // namespace

Result<Json> QueryPager::Start(SqlRequest request, std::optional<int64_t> page_size) {
  int64_t size = page_size.value_or(kDefaultPageSize);
  LH_RETURN_IF_ERROR(CheckPageSize(size));
  request.limit = QueryService::kMaxRowLimit;
  LH_ASSIGN_OR_RETURN(Json result, queries_->Run(request));
  auto stored = std::make_shared<Stored>();
  stored->columns = std::move(result["columns"]);
  stored->rows = std::move(result["rows"]);
  stored->truncated = result.value("truncated", false);
  stored->page_size = size;
  int64_t rows = static_cast<int64_t>(stored->rows.size());
  std::string id = NewUuid();
  {
    MutexLock lock(mu_);
    lru_.push_front(id);
    results_[id] = {stored, lru_.begin()};
    stored_rows_ += rows;
    EvictLocked();
  }
  return Json{{"query_id", id},
              {"total_rows", rows},
              {"pages", PageCount(rows, size)},
              {"page_size", size},
              {"truncated", stored->truncated},
              {"columns", stored->columns}};
}

Result<Json> QueryPager::Page(const std::string& query_id, int64_t page,
                              std::optional<int64_t> size_param) {
  if (size_param) LH_RETURN_IF_ERROR(CheckPageSize(*size_param));
  std::shared_ptr<const Stored> stored;
  {
    MutexLock lock(mu_);
    auto it = results_.find(query_id);
    if (it == results_.end()) {
      return NotFound("query result '", query_id, "' is unknown or was evicted; run it again");
    }
    lru_.splice(lru_.begin(), lru_, it->second.second);
    stored = it->second.first;
  }
  const int64_t size = size_param.value_or(stored->page_size);
  int64_t total = static_cast<int64_t>(stored->rows.size());
  int64_t pages = PageCount(total, size);
  if (page < 0 || (page >= pages && !(page == 0 && total == 0))) {
    return NotFound("page ", std::to_string(page), " does not exist (", std::to_string(pages),
                    " pages of ", std::to_string(size), ")");
  }
  Json rows = Json::array();
  for (int64_t i = page * size; i < std::min(total, (page + 1) * size); ++i) {
    rows.push_back(stored->rows[static_cast<size_t>(i)]);
  }
  return Json{{"query_id", query_id},   {"page", page},        {"size", size},
              {"pages", pages},         {"total_rows", total}, {"columns", stored->columns},
              {"rows", std::move(rows)}};
}

void QueryPager::EvictLocked() {
  while (lru_.size() > 1 && (lru_.size() > kMaxResults || stored_rows_ > kMaxRows)) {
    auto victim = results_.find(lru_.back());
    stored_rows_ -= static_cast<int64_t>(victim->second.first->rows.size());
    results_.erase(victim);
    lru_.pop_back();
  }
}

}  // namespace lakehouse
