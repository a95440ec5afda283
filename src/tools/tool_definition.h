// ToolDefinition: one governed tool of the registry (issue 21) — a named, parameterised read an
// agent may call instead of writing SQL. Two kinds:
//   sql    — a SQL template whose values are named bound parameters ($city, bound through a DuckDB
//            prepared statement, never spliced into the text) and whose identifiers come only from
//            a parameter with an enum ({{order_by}}, replaced by the quoted enum value);
//   search — a vector search over an index: one parameter supplies the query text, others are
//            bound into equality/range filters over the indexed dataset's columns.
// Parameters are a JSON Schema subset (tool_parameters.h). Each tool has a permission level (what
// the caller needs on every dataset it reads) and the roles that may call it.
//
// ToolDefinitionFromJson reads the JSON form (POST /tools, and TOML files converted to JSON);
// ToolDefinitionToJson writes it back. Both only check shape; ToolService validates the SQL.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

enum class ParamType { kString, kInteger, kNumber, kBoolean };
std::string_view ParamTypeName(ParamType type);  // "string" | "integer" | "number" | "boolean"

struct ToolParameter {
  std::string name;  // [a-z_][a-z0-9_]*, at most 64 characters
  ParamType type = ParamType::kString;
  std::string description;
  bool required = false;
  std::optional<Json> default_value;  // of `type`; applied when the argument is absent
  std::vector<Json> enum_values;      // empty = any value of `type`
  std::optional<double> minimum;      // numbers and integers
  std::optional<double> maximum;
  std::optional<int64_t> max_length;  // strings
};

enum class ToolKind { kSql, kSearch };

// A search tool's filter: `column op $param`; skipped when the parameter has no value.
struct SearchFilter {
  std::string column;
  std::string op = "=";  // = != < <= > >=
  std::string param;
};

struct ToolDefinition {
  static constexpr int64_t kDefaultMaxRows = 100;
  static constexpr int64_t kMaxMaxRows = 10'000;

  std::string name;  // [a-z][a-z0-9_]*, at most 64 characters
  std::string description;
  ToolKind kind = ToolKind::kSql;
  std::vector<ToolParameter> parameters;
  std::string sql;  // kSql: the template
  // kSearch:
  std::string index;
  std::string query_param;  // the parameter holding the text to search for
  std::vector<SearchFilter> filters;
  // Result shape: at most max_rows rows; `columns` (optional) names the columns a search returns
  // and, for SQL tools, the columns the statement must produce (checked at definition).
  int64_t max_rows = kDefaultMaxRows;
  std::vector<std::string> columns;
  Permission permission = Permission::kRead;
  std::vector<std::string> roles;  // empty = any principal with the permission
  // Set by the registry:
  std::vector<std::string> datasets;  // what the tool reads (found when it was validated)
  std::string source = "api";         // "api" | "file:<name>.toml"
  std::string created_by;
  int64_t created_at = 0;  // epoch micros

  const ToolParameter* FindParameter(std::string_view param) const;
};

// INVALID_ARGUMENT naming the bad field. Unknown fields are refused.
Result<ToolDefinition> ToolDefinitionFromJson(const Json& json);
Json ToolDefinitionToJson(const ToolDefinition& tool);
// The parameters as a JSON Schema object ({"type":"object","properties",...,"required"}), as
// GET /tools/{name} and MCP's tools/list show them.
Json ToolInputSchema(const ToolDefinition& tool);

}  // namespace lakehouse
