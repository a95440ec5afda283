#include "sql/statement_sources.h"

#include <array>
#include <string>

#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

constexpr std::array<std::string_view, 7> kGeneratingFunctions = {
    "range", "generate_series", "unnest", "json_each", "json_tree", "repeat", "repeat_row"};

bool AllowedTableFunction(std::string_view name) {
  for (std::string_view allowed : kGeneratingFunctions) {
    if (name == allowed) return true;
  }
  return name.starts_with("duckdb_") || name.starts_with("pragma_");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status Walk(const Json& node) {
  if (node.is_array()) {
    for (const Json& child : node) LH_RETURN_IF_ERROR(Walk(child));
    return Status::Ok();
  }
  if (!node.is_object()) return Status::Ok();
  auto type = node.find("type");
  if (type != node.end() && type->is_string()) {
    if (*type == "TABLE_FUNCTION") {
      std::string name;
      if (auto f = node.find("function"); f != node.end() && f->is_object()) {
        name = Lower(f->value("function_name", ""));
      }
      if (!AllowedTableFunction(name)) {
        return PermissionDenied(
            "sandbox: table function '", name,
            "' is not allowed here; datasets are read by name (SELECT … FROM <dataset>), and "
            "only data-generating and catalog functions (range, unnest, duckdb_*, …) may run");
      }
    } else if (*type == "BASE_TABLE") {
      const std::string table = node.value("table_name", "");
      if (table.find('/') != std::string::npos) {
        return PermissionDenied("sandbox: reading the file '", table,
                                "' is not allowed here; datasets are read by name");
      }
    }
  }
  for (const auto& [key, child] : node.items()) LH_RETURN_IF_ERROR(Walk(child));
  return Status::Ok();
}

}  // namespace

Result<SourceCheck> CheckSerializedStatementSources(const Json& tree) {
  if (!tree.is_object()) return Internal("sandbox: the statement's parse tree is not an object");
  if (tree.value("error", false)) {
    const std::string type = tree.value("error_type", "");
    const std::string message = tree.value("error_message", "unknown error");
    if (type == "parser") return InvalidArgument(message);
    if (type == "not implemented") return SourceCheck::kNotSerializable;
    return Internal("sandbox: cannot check the statement (", message, ")");
  }
  auto statements = tree.find("statements");
  if (statements == tree.end() || !statements->is_array() || statements->size() != 1) {
    return Internal("sandbox: expected the parse tree of exactly one statement");
  }
  LH_RETURN_IF_ERROR(Walk(*statements));
  return SourceCheck::kChecked;
}

Result<Json> SerializeStatement(Connection& conn, std::string_view sql) {
  // json_serialize_sql takes only a constant, so the text goes in as a literal (quotes doubled).
  LH_RETURN_IF_ERROR(CheckSqlText("sql", sql));
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query("SELECT json_serialize_sql(" + SqlStringLiteral(sql) + ")"));
  Json value = result.FetchScalar();
  if (value.is_object()) return value;  // decoded as JSON
  if (!value.is_string()) return Internal("sandbox: json_serialize_sql returned nothing");
  return ParseJson(value.get<std::string>());
}

Result<SourceCheck> CheckStatementSources(Connection& conn, std::string_view sql) {
  LH_ASSIGN_OR_RETURN(Json tree, SerializeStatement(conn, sql));
  return CheckSerializedStatementSources(tree);
}

}  // namespace lakehouse
