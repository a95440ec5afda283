// PreparedStatement: a statement parsed and planned once (a duckdb_prepared_statement), run many
// times with parameters bound from JSON values.
//
//   LH_ASSIGN_OR_RETURN(PreparedStatement stmt, conn.Prepare("SELECT * FROM t WHERE id = $1"));
//   LH_ASSIGN_OR_RETURN(QueryResult result, stmt.Execute(Json::array({42})));
//
// Parameter binding from JSON: null → NULL, boolean → BOOLEAN, integer → BIGINT (UBIGINT above
// INT64_MAX), floating point → DOUBLE, string → VARCHAR; DuckDB casts to the parameter's type at
// execution (a failed cast → INVALID_ARGUMENT). Arrays/objects as values → INVALID_ARGUMENT.
//
// Ownership: move-only; destroys the statement. Built by Connection::Prepare(); must not outlive
// its Connection. Thread-safety: externally synchronised (and shares its connection's limits).
#pragma once

#include <cstdint>
#include <string>

#include "common/json.h"
#include "common/result.h"
#include "sql/duckdb_fwd.h"
#include "sql/query_result.h"
#include "sql/statement_kind.h"

namespace lakehouse {

class PreparedStatement {
 public:
  explicit PreparedStatement(_duckdb_prepared_statement* stmt) : stmt_(stmt) {}  // takes ownership
  PreparedStatement(PreparedStatement&& other) noexcept;
  PreparedStatement& operator=(PreparedStatement&& other) noexcept;
  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;
  ~PreparedStatement();

  uint64_t parameter_count() const;
  // What the statement does, as DuckDB's parser classified it.
  StatementKind kind() const;

  // Binds all parameters. `params` is either an array with exactly parameter_count() values
  // (positional, $1 = params[0]) or an object keyed by parameter name ($name → params["name"];
  // every parameter must be present). Wrong count, missing name or unsupported value type →
  // INVALID_ARGUMENT naming the parameter. Bindings persist across executions.
  Status Bind(const Json& params);

  // Runs with the current bindings.
  Result<QueryResult> Execute();
  // Bind(params), then Execute().
  Result<QueryResult> Execute(const Json& params);
  // Runs the statement with a streaming result: chunks are produced as NextChunk() asks for them
  // instead of being materialised first (for results too large to hold). The connection must
  // not run anything else until the result is destroyed.
  Result<QueryResult> ExecuteStreaming();

 private:
  Status BindOne(uint64_t index, const Json& value, const std::string& label);

  _duckdb_prepared_statement* stmt_ = nullptr;
};

}  // namespace lakehouse
