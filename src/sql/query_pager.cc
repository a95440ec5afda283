#include "sql/query_pager.h"

#include "common/ids.h"
#include "common/mutex.h"
#include "sql/result_json.h"

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

Json PagedQuery::ToJson() const {
  return Json{{"query_id", query_id},   {"total_rows", total_rows},
              {"pages", pages},         {"page_size", page_size},
              {"truncated", truncated}, {"columns", ColumnsToJson(columns)}};
}

Json QueryPage::ToJson() const {
  Json out_rows = Json::array();
  for (size_t i = first; i < first + count; ++i) {
    Json values = Json::array();
    for (const SqlValue& value : rows->rows[i]) values.push_back(value.ToJson());
    out_rows.push_back(std::move(values));
  }
  return Json{{"query_id", query_id},
              {"page", page},
              {"size", size},
              {"pages", pages},
              {"total_rows", total_rows},
              {"columns", ColumnsToJson(rows->columns)},
              {"rows", std::move(out_rows)}};
}

Result<PagedQuery> QueryPager::Start(SqlRequest request, std::optional<int64_t> page_size,
                                     std::string owner) {
  int64_t size = page_size.value_or(kDefaultPageSize);
  LH_RETURN_IF_ERROR(CheckPageSize(size));
  request.limit = QueryService::kMaxRowLimit;
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries_->Query(request));
  auto stored = std::make_shared<Stored>();
  stored->rows = std::move(answer.rows);
  stored->page_size = size;
  stored->owner = std::move(owner);
  stored->tables = std::move(answer.tables);
  int64_t rows = static_cast<int64_t>(stored->rows->row_count());
  std::string id = NewUuid();
  {
    MutexLock lock(mu_);
    lru_.push_front(id);
    results_[id] = {stored, lru_.begin()};
    stored_rows_ += rows;
    EvictLocked();
  }
  return PagedQuery{
      id, rows, PageCount(rows, size), size, stored->rows->truncated, stored->rows->columns};
}

Result<QueryPage> QueryPager::Page(const std::string& query_id, int64_t page,
                                   std::optional<int64_t> size_param, const std::string* owner) {
  if (size_param) LH_RETURN_IF_ERROR(CheckPageSize(*size_param));
  std::shared_ptr<const Stored> stored;
  {
    MutexLock lock(mu_);
    auto it = results_.find(query_id);
    if (it == results_.end() || (owner != nullptr && it->second.first->owner != *owner)) {
      return NotFound("query result '", query_id, "' is unknown or was evicted; run it again");
    }
    lru_.splice(lru_.begin(), lru_, it->second.second);
    stored = it->second.first;
  }
  const int64_t size = size_param.value_or(stored->page_size);
  int64_t total = static_cast<int64_t>(stored->rows->row_count());
  int64_t pages = PageCount(total, size);
  if (page < 0 || (page >= pages && !(page == 0 && total == 0))) {
    return NotFound("page ", std::to_string(page), " does not exist (", std::to_string(pages),
                    " pages of ", std::to_string(size), ")");
  }
  const int64_t first = std::min(total, page * size);
  const int64_t end = std::min(total, (page + 1) * size);
  return QueryPage{query_id,
                   page,
                   size,
                   pages,
                   total,
                   stored->rows,
                   static_cast<size_t>(first),
                   static_cast<size_t>(end - first),
                   stored->tables};
}

void QueryPager::EvictLocked() {
  while (lru_.size() > 1 && (lru_.size() > kMaxResults || stored_rows_ > kMaxRows)) {
    auto victim = results_.find(lru_.back());
    stored_rows_ -= static_cast<int64_t>(victim->second.first->rows->row_count());
    results_.erase(victim);
    lru_.pop_back();
  }
}

}  // namespace lakehouse
