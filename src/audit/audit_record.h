// AuditRecord: one request as the audit log keeps it (audit_log.h). The route wrapper creates it
// before the handler runs and attaches it to the request (HttpRequest::audit); handlers add what
// only they know — datasets touched, the SQL text and its rows, a search's index and doc ids —
// through the typed fields, never JSON; the wrapper fills status and duration and hands it to the
// log. One JSON line per record in the segment files (ToJsonLine), read back by DuckDB as
// audit.requests:
//   request_id, time (epoch µs), principal, operation, method, path, status, duration_ms,
//   datasets [..], sql, row_count, index_name, doc_ids [..], subjects [{dataset, key}]
//
// Thread-safety: owned by the one thread handling its request until handed to the log.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lakehouse {

struct RowSet;  // sql/row_set.h

// A data subject a request returned: a row of a keyed dataset (or a document of an index).
struct AuditSubject {
  std::string dataset;
  std::string key;
  friend bool operator==(const AuditSubject&, const AuditSubject&) = default;
};

struct AuditRecord {
  std::string request_id;
  int64_t time_us = 0;  // when the request started
  std::string principal;
  std::string operation;  // the route's operation id, e.g. "runSql"
  std::string method;
  std::string path;
  int status = 0;
  double duration_ms = 0;
  std::vector<std::string> datasets;
  std::string sql;                   // SQL routes: the statement text
  std::optional<int64_t> row_count;  // SQL routes: rows returned
  std::string index_name;            // searches: the index
  std::vector<std::string> doc_ids;  // searches: the doc ids returned, in rank order
  std::vector<AuditSubject> subjects;
  // SQL: the rows returned, kept until the log resolves subject keys from them (off the request
  // path, on the flusher); never written.
  std::shared_ptr<const RowSet> result_rows;

  void AddDataset(std::string name);
  std::string ToJsonLine() const;
};

}  // namespace lakehouse
