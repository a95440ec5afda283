// Arguments of a tool call and the SQL template they are bound into (issue 21).
//
// ResolveArguments checks a call's arguments against the tool's parameters (a JSON Schema subset:
// type, enum, minimum/maximum, maxLength, required, default): unknown arguments, wrong types,
// values outside the enum or range → INVALID_ARGUMENT naming the parameter. It returns every
// parameter's value, defaults applied (null when absent and optional).
//
// A SQL template holds two kinds of placeholder, found by a lexer that skips string literals,
// quoted identifiers and comments:
//   $name    — a value: bound through the prepared statement (DuckDB's named parameters), so a
//              value is always data, never SQL text;
//   {{name}} — an identifier (a column to sort by): the parameter must have an enum, and its
//              value — one of the enum, checked — is written as a quoted identifier.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "tools/tool_definition.h"

namespace lakehouse {

struct SqlTemplate {
  std::vector<std::string> value_params;       // $name, in order of first use, each once
  std::vector<std::string> identifier_params;  // {{name}}, likewise
};

// Finds the placeholders of `sql`. INVALID_ARGUMENT on an unterminated {{ or a malformed name.
Result<SqlTemplate> ParseSqlTemplate(const std::string& sql);

// Checks the template against the tool's parameters: every placeholder is declared, identifier
// placeholders are string parameters with an enum and no value use.
Status CheckSqlTemplate(const ToolDefinition& tool, const SqlTemplate& parsed);

// The call's arguments (a JSON object, or null for none) checked and completed, as an object
// with one member per parameter.
Result<Json> ResolveArguments(const ToolDefinition& tool, const Json& arguments);

struct BoundSql {
  std::string sql;  // identifiers substituted (quoted); values still $name placeholders
  Json params;      // {name: value} for each $name of the template (null when there are none)
};

// The statement a call runs, from resolved arguments.
Result<BoundSql> BindSqlTemplate(const ToolDefinition& tool, const Json& resolved);

}  // namespace lakehouse
