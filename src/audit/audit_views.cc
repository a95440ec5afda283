#include "audit/audit_views.h"

#include "sql/sql_literal.h"

namespace lakehouse {

Status CreateAuditViews(const Database& query_db, const std::string& requests_glob,
                        const std::string& events_glob) {
  LH_ASSIGN_OR_RETURN(Connection conn, query_db.Connect());
  LH_RETURN_IF_ERROR(conn.Execute("CREATE SCHEMA IF NOT EXISTS audit"));
  LH_RETURN_IF_ERROR(conn.Execute("CREATE SCHEMA IF NOT EXISTS journal"));
  // Explicit columns: no sampling, an empty segment reads as no rows, and a torn last line
  // (a machine crash mid-append) is skipped.
  LH_RETURN_IF_ERROR(conn.Execute(
      "CREATE OR REPLACE VIEW audit.requests AS SELECT request_id, make_timestamp(time) AS time, "
      "time AS time_us, principal, operation, method, path, status, duration_ms, datasets, sql, "
      "row_count, index_name, doc_ids, subjects FROM read_json(" +
      SqlStringLiteral(requests_glob) +
      ", format = 'newline_delimited', ignore_errors = true, columns = {request_id: 'VARCHAR', "
      "time: 'BIGINT', principal: 'VARCHAR', operation: 'VARCHAR', method: 'VARCHAR', path: "
      "'VARCHAR', status: 'INTEGER', duration_ms: 'DOUBLE', datasets: 'VARCHAR[]', sql: "
      "'VARCHAR', row_count: 'BIGINT', index_name: 'VARCHAR', doc_ids: 'VARCHAR[]', subjects: "
      "'STRUCT(dataset VARCHAR, key VARCHAR)[]'})"));
  return conn.Execute(
      "CREATE OR REPLACE VIEW journal.events AS SELECT event_id, make_timestamp(time) AS time, "
      "time AS time_us, type, dataset, key, changes, actor, source, version, payload FROM "
      "read_json(" +
      SqlStringLiteral(events_glob) +
      ", format = 'newline_delimited', ignore_errors = true, columns = {event_id: 'VARCHAR', "
      "time: 'BIGINT', type: 'VARCHAR', dataset: 'VARCHAR', key: 'VARCHAR', changes: "
      "'STRUCT(field VARCHAR, old VARCHAR, new VARCHAR)[]', actor: 'VARCHAR', source: "
      "'VARCHAR', version: 'BIGINT', payload: 'VARCHAR'})");
}

}  // namespace lakehouse
