// AuditViews: the SQL face of the audit log and the journal in the query database —
//   audit.requests  (request_id, time TIMESTAMP, time_us, principal, operation, method, path,
//                    status, duration_ms, datasets VARCHAR[], sql, row_count, index_name,
//                    doc_ids VARCHAR[], subjects STRUCT(dataset, key)[])
//   journal.events  (event_id, time TIMESTAMP, time_us, type, dataset, key,
//                    changes STRUCT(field, old, new)[] with values as JSON text, actor, source,
//                    version, payload JSON text)
// — views over the segment files (read_json of each log's glob), so every query sees what was
// appended up to its start. The segment directories must be among the query database's allowed
// directories (Database::LockDown). Admin-only names for the read-path policy: audit.*, journal.*.
//
// Thread-safety: Create once at start-up.
#pragma once

#include <string>

#include "common/result.h"
#include "sql/database.h"

namespace lakehouse {

// `requests_glob` / `events_glob`: SegmentLog::Glob() of the audit log and of the journal.
Status CreateAuditViews(const Database& query_db, const std::string& requests_glob,
                        const std::string& events_glob);

}  // namespace lakehouse
