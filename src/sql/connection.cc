#include "sql/connection.h"

#include <duckdb.h>

#include <memory>
#include <string>
#include <utility>

#include "sql/duckdb_status.h"
#include "sql/query_result_rep.h"
#include "sql/sql_literal.h"

namespace lakehouse {

Connection::Connection(Connection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      used_catalog_(std::move(other.used_catalog_)),
      own_catalog_(std::move(other.own_catalog_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_ != nullptr) duckdb_disconnect(&conn_);
    conn_ = std::exchange(other.conn_, nullptr);
    used_catalog_ = std::move(other.used_catalog_);
    own_catalog_ = std::move(other.own_catalog_);
  }
  return *this;
}

Status Connection::UseCatalog(std::string_view catalog) {
  if (catalog == used_catalog_) return Status::Ok();
  if (own_catalog_.empty()) {
    LH_ASSIGN_OR_RETURN(QueryResult result, Query("SELECT current_database()"));
    Json name = result.FetchScalar();
    if (!name.is_string()) return Internal("cannot read the connection's database name");
    own_catalog_ = name.get<std::string>();
  }
  LH_RETURN_IF_ERROR(
      Execute("USE " + SqlIdentifier(catalog.empty() ? std::string_view(own_catalog_) : catalog)));
  used_catalog_ = std::string(catalog);
  return Status::Ok();
}

Connection::~Connection() {
  if (conn_ != nullptr) duckdb_disconnect(&conn_);
}

Result<QueryResult> Connection::Query(std::string_view sql) {
  if (conn_ == nullptr) return FailedPrecondition("DuckDB connection is closed");
  auto rep = std::make_unique<QueryResult::Rep>();
  const std::string text(sql);
  duckdb_state state = duckdb_query(conn_, text.c_str(), &rep->result);
  return sql_detail::FinishQuery(state, std::move(rep));
}

Result<QueryResult> Connection::QueryStreaming(std::string_view sql) {
  LH_ASSIGN_OR_RETURN(PreparedStatement stmt, Prepare(sql));
  return stmt.ExecuteStreaming();
}

Status Connection::Execute(std::string_view sql) {
  LH_RETURN_IF_ERROR(Query(sql));
  return Status::Ok();
}

Result<PreparedStatement> Connection::Prepare(std::string_view sql) {
  if (conn_ == nullptr) return FailedPrecondition("DuckDB connection is closed");
  const std::string text(sql);
  duckdb_prepared_statement stmt = nullptr;
  duckdb_state state = duckdb_prepare(conn_, text.c_str(), &stmt);
  PreparedStatement owner(stmt);  // destroyed even on failure: it holds the error message
  if (state != DuckDBSuccess) {
    return sql_detail::StatusFromDuckDbMessage(duckdb_prepare_error(stmt),
                                               "cannot prepare DuckDB statement");
  }
  return owner;
}

Result<uint64_t> Connection::CountStatements(std::string_view sql) {
  if (conn_ == nullptr) return FailedPrecondition("DuckDB connection is closed");
  const std::string text(sql);
  duckdb_extracted_statements extracted = nullptr;
  idx_t count = duckdb_extract_statements(conn_, text.c_str(), &extracted);
  const char* error = count == 0 ? duckdb_extract_statements_error(extracted) : nullptr;
  Status status = (error != nullptr && *error != '\0')
                      ? sql_detail::StatusFromDuckDbMessage(error, "cannot parse SQL")
                      : Status::Ok();
  duckdb_destroy_extracted(&extracted);  // always, even when nothing was extracted
  if (!status.ok()) return status;
  return static_cast<uint64_t>(count);
}

Result<Appender> Connection::CreateAppender(std::string_view table, std::string_view schema) {
  if (conn_ == nullptr) return FailedPrecondition("DuckDB connection is closed");
  const std::string table_name(table);
  const std::string schema_name(schema);
  duckdb_appender appender = nullptr;
  duckdb_state state = duckdb_appender_create(
      conn_, schema_name.empty() ? nullptr : schema_name.c_str(), table_name.c_str(), &appender);
  Appender owner(appender);
  if (state != DuckDBSuccess) {
    return owner.LastError("cannot create appender for table '" + table_name + "'");
  }
  return owner;
}

void Connection::Interrupt() {
  if (conn_ != nullptr) duckdb_interrupt(conn_);
}

}  // namespace lakehouse
