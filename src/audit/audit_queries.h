// AuditQueries: reads of the audit log and the journal for the admin routes (GET /access/audit,
// /journal/*, /audit/subject), as statements the server composes (literals only) over the
// audit.requests and journal.events views (audit_views.h). Queued audit records are flushed
// first, so a reader sees every request answered before it.
//
// Thread-safety: thread-safe (each call runs on its own pooled connection).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "common/result.h"
#include "sql/exported_file.h"
#include "sql/query_service.h"
#include "sql/row_set.h"

namespace lakehouse {

struct AuditFilter {
  std::string principal{};            // "" = any
  std::string dataset{};              // "" = any; else requests that touched it (case-insensitive)
  std::optional<int64_t> since_us{};  // requests that started at or after
  int64_t limit = 100;                // newest first
};

class AuditQueries {
 public:
  static constexpr int64_t kMaxLimit = 10'000;
  // Borrowed; must outlive this.
  AuditQueries(QueryService* queries, AuditLog* audit);

  // audit.requests rows matching `filter`, newest first.
  Result<std::shared_ptr<const RowSet>> Requests(const AuditFilter& filter);
  // The same as a zstd Parquet file (no row limit beyond filter.limit).
  Result<ExportedFile> ExportRequests(const AuditFilter& filter);

  // Every journal event of one subject, oldest first.
  Result<std::shared_ptr<const RowSet>> History(const std::string& dataset, const std::string& key,
                                                int64_t limit);
  // The newest events, newest first.
  Result<std::shared_ptr<const RowSet>> Recent(int64_t limit);
  // Counts per dataset and type: dataset, type, events, first_time_us, last_time_us.
  Result<std::shared_ptr<const RowSet>> Stats();
  // Audited requests whose results returned the subject, oldest first.
  Result<std::shared_ptr<const RowSet>> SubjectReads(const std::string& dataset,
                                                     const std::string& key, int64_t limit);

 private:
  std::string RequestsSql(const AuditFilter& filter) const;
  Result<std::shared_ptr<const RowSet>> Run(const std::string& sql, int64_t limit);

  QueryService* const queries_;
  AuditLog* const audit_;
};

}  // namespace lakehouse
