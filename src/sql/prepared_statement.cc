#include "sql/prepared_statement.h"

#include <duckdb.h>

#include <limits>
#include <memory>
#include <utility>

#include "sql/duckdb_status.h"
#include "sql/query_result_rep.h"

namespace lakehouse {

PreparedStatement::PreparedStatement(PreparedStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)) {}

PreparedStatement& PreparedStatement::operator=(PreparedStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) duckdb_destroy_prepare(&stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

PreparedStatement::~PreparedStatement() {
  if (stmt_ != nullptr) duckdb_destroy_prepare(&stmt_);
}

uint64_t PreparedStatement::parameter_count() const {
  return stmt_ == nullptr ? 0 : duckdb_nparams(stmt_);
}

Status PreparedStatement::Bind(const Json& params) {
  if (stmt_ == nullptr) return FailedPrecondition("prepared statement is empty");
  const uint64_t count = parameter_count();
  if (params.is_array()) {
    if (params.size() != count) {
      return InvalidArgument("statement expects ", std::to_string(count), " parameter(s), got ",
                             std::to_string(params.size()));
    }
    for (uint64_t i = 0; i < count; ++i) {
      LH_RETURN_IF_ERROR(BindOne(i + 1, params[i], "$" + std::to_string(i + 1)));
    }
    return Status::Ok();
  }
  if (params.is_object()) {
    if (params.size() != count) {
      return InvalidArgument("statement expects ", std::to_string(count), " parameter(s), got ",
                             std::to_string(params.size()));
    }
    for (uint64_t i = 1; i <= count; ++i) {
      const char* raw_name = duckdb_parameter_name(stmt_, i);
      std::string name = raw_name != nullptr ? raw_name : std::to_string(i);
      if (raw_name != nullptr) duckdb_free(const_cast<char*>(raw_name));
      auto it = params.find(name);
      if (it == params.end()) return InvalidArgument("missing value for parameter $", name);
      LH_RETURN_IF_ERROR(BindOne(i, *it, "$" + name));
    }
    return Status::Ok();
  }
  if (params.is_null() && count == 0) return Status::Ok();
  return InvalidArgument("parameters must be a JSON array or object");
}

Status PreparedStatement::BindOne(uint64_t index, const Json& value, const std::string& label) {
  duckdb_state state = DuckDBError;
  switch (value.type()) {
    case Json::value_t::null:
      state = duckdb_bind_null(stmt_, index);
      break;
    case Json::value_t::boolean:
      state = duckdb_bind_boolean(stmt_, index, value.get<bool>());
      break;
    case Json::value_t::number_integer:
      state = duckdb_bind_int64(stmt_, index, value.get<int64_t>());
      break;
    case Json::value_t::number_unsigned: {
      uint64_t v = value.get<uint64_t>();
      state = v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                  ? duckdb_bind_int64(stmt_, index, static_cast<int64_t>(v))
                  : duckdb_bind_uint64(stmt_, index, v);
      break;
    }
    case Json::value_t::number_float:
      state = duckdb_bind_double(stmt_, index, value.get<double>());
      break;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      state = duckdb_bind_varchar_length(stmt_, index, text.data(), text.size());
      break;
    }
    default:
      return InvalidArgument("parameter ", label, ": unsupported JSON type ", value.type_name(),
                             " (use null, boolean, number or string)");
  }
  if (state != DuckDBSuccess) return InvalidArgument("cannot bind parameter ", label);
  return Status::Ok();
}

Result<QueryResult> PreparedStatement::Execute() {
  if (stmt_ == nullptr) return FailedPrecondition("prepared statement is empty");
  auto rep = std::make_unique<QueryResult::Rep>();
  duckdb_state state = duckdb_execute_prepared(stmt_, &rep->result);
  return sql_detail::FinishQuery(state, std::move(rep));
}

Result<QueryResult> PreparedStatement::ExecuteStreaming() {
  if (stmt_ == nullptr) return FailedPrecondition("prepared statement is empty");
  duckdb_pending_result pending = nullptr;
  if (duckdb_pending_prepared_streaming(stmt_, &pending) != DuckDBSuccess) {
    const char* error = duckdb_pending_error(pending);
    Status status =
        InvalidArgument("DuckDB query failed: ", error != nullptr ? error : "unknown error");
    duckdb_destroy_pending(&pending);
    return status;
  }
  auto rep = std::make_unique<QueryResult::Rep>();
  duckdb_state state = duckdb_execute_pending(pending, &rep->result);
  duckdb_destroy_pending(&pending);
  return sql_detail::FinishQuery(state, std::move(rep));
}

Result<QueryResult> PreparedStatement::Execute(const Json& params) {
  LH_RETURN_IF_ERROR(Bind(params));
  return Execute();
}

StatementKind PreparedStatement::kind() const {
  switch (duckdb_prepared_statement_type(stmt_)) {
    case DUCKDB_STATEMENT_TYPE_SELECT:
      return StatementKind::kSelect;
    case DUCKDB_STATEMENT_TYPE_EXPLAIN:
      return StatementKind::kExplain;
    case DUCKDB_STATEMENT_TYPE_INSERT:
      return StatementKind::kInsert;
    case DUCKDB_STATEMENT_TYPE_UPDATE:
      return StatementKind::kUpdate;
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return StatementKind::kDelete;
    case DUCKDB_STATEMENT_TYPE_CREATE:
    case DUCKDB_STATEMENT_TYPE_CREATE_FUNC:
      return StatementKind::kCreate;
    case DUCKDB_STATEMENT_TYPE_DROP:
      return StatementKind::kDrop;
    case DUCKDB_STATEMENT_TYPE_ALTER:
      return StatementKind::kAlter;
    case DUCKDB_STATEMENT_TYPE_COPY:
      return StatementKind::kCopy;
    case DUCKDB_STATEMENT_TYPE_EXPORT:
      return StatementKind::kExport;
    case DUCKDB_STATEMENT_TYPE_ATTACH:
      return StatementKind::kAttach;
    case DUCKDB_STATEMENT_TYPE_DETACH:
      return StatementKind::kDetach;
    case DUCKDB_STATEMENT_TYPE_SET:
    case DUCKDB_STATEMENT_TYPE_VARIABLE_SET:
      return StatementKind::kSet;
    case DUCKDB_STATEMENT_TYPE_PRAGMA:
      return StatementKind::kPragma;
    case DUCKDB_STATEMENT_TYPE_LOAD:
    case DUCKDB_STATEMENT_TYPE_EXTENSION:
      return StatementKind::kLoad;
    case DUCKDB_STATEMENT_TYPE_TRANSACTION:
      return StatementKind::kTransaction;
    case DUCKDB_STATEMENT_TYPE_CALL:
      return StatementKind::kCall;
    case DUCKDB_STATEMENT_TYPE_PREPARE:
    case DUCKDB_STATEMENT_TYPE_EXECUTE:
      return StatementKind::kPrepare;
    default:
      return StatementKind::kOther;
  }
}

}  // namespace lakehouse
