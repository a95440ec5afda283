#include "audit/audit_queries.h"

#include <algorithm>

#include "common/strings.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

constexpr const char* kRequestColumns =
    "request_id, time, time_us, principal, operation, method, path, status, duration_ms, "
    "datasets, sql, row_count, index_name, doc_ids, subjects";
constexpr const char* kEventColumns =
    "event_id, time, time_us, type, dataset, key, changes, actor, source, version, payload";

int64_t Clamp(int64_t limit) { return std::clamp<int64_t>(limit, 1, AuditQueries::kMaxLimit); }

}  // namespace

AuditQueries::AuditQueries(QueryService* queries, AuditLog* audit)
    : queries_(queries), audit_(audit) {}

Result<std::shared_ptr<const RowSet>> AuditQueries::Run(const std::string& sql, int64_t limit) {
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries_->QueryComposed(sql, limit));
  return answer.rows;
}

std::string AuditQueries::RequestsSql(const AuditFilter& filter) const {
  std::string where;
  auto add = [&where](const std::string& condition) {
    where += (where.empty() ? " WHERE " : " AND ") + condition;
  };
  if (!filter.principal.empty()) add("principal = " + SqlStringLiteral(filter.principal));
  if (!filter.dataset.empty()) {
    add("list_contains(list_transform(datasets, d -> lower(d)), " +
        SqlStringLiteral(AsciiLower(filter.dataset)) + ")");
  }
  if (filter.since_us) add("time_us >= " + std::to_string(*filter.since_us));
  return StrCat("SELECT ", kRequestColumns, " FROM audit.requests", where,
                " ORDER BY time_us DESC, request_id LIMIT ", std::to_string(Clamp(filter.limit)));
}

Result<std::shared_ptr<const RowSet>> AuditQueries::Requests(const AuditFilter& filter) {
  LH_RETURN_IF_ERROR(audit_->Flush());
  return Run(RequestsSql(filter), Clamp(filter.limit));
}

Result<ExportedFile> AuditQueries::ExportRequests(const AuditFilter& filter) {
  LH_RETURN_IF_ERROR(audit_->Flush());
  SqlRequest request;
  request.sql = RequestsSql(filter);
  request.use_cache = false;
  return queries_->Export(request, ExportFormat::kParquet);
}

Result<std::shared_ptr<const RowSet>> AuditQueries::History(const std::string& dataset,
                                                            const std::string& key, int64_t limit) {
  return Run(StrCat("SELECT ", kEventColumns, " FROM journal.events WHERE lower(dataset) = ",
                    SqlStringLiteral(AsciiLower(dataset)), " AND key = ", SqlStringLiteral(key),
                    " ORDER BY time_us, version LIMIT ", std::to_string(Clamp(limit))),
             Clamp(limit));
}

Result<std::shared_ptr<const RowSet>> AuditQueries::Recent(int64_t limit) {
  return Run(StrCat("SELECT ", kEventColumns,
                    " FROM journal.events ORDER BY time_us DESC, event_id LIMIT ",
                    std::to_string(Clamp(limit))),
             Clamp(limit));
}

Result<std::shared_ptr<const RowSet>> AuditQueries::Stats() {
  return Run(
      "SELECT dataset, type, count(*)::BIGINT AS events, min(time_us) AS first_time_us, "
      "max(time_us) AS last_time_us FROM journal.events GROUP BY ALL ORDER BY dataset, type",
      kMaxLimit);
}

Result<std::shared_ptr<const RowSet>> AuditQueries::SubjectReads(const std::string& dataset,
                                                                 const std::string& key,
                                                                 int64_t limit) {
  LH_RETURN_IF_ERROR(audit_->Flush());
  return Run(StrCat("SELECT ", kRequestColumns,
                    " FROM audit.requests WHERE len(list_filter(subjects, s -> lower(s.dataset) = ",
                    SqlStringLiteral(AsciiLower(dataset)), " AND s.key = ", SqlStringLiteral(key),
                    ")) > 0 ORDER BY time_us LIMIT ", std::to_string(Clamp(limit))),
             Clamp(limit));
}

}  // namespace lakehouse
