#include "sql/statement_sources.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include "common/strings.h"
#include "sql/scalar_guards.h"
#include "sql/sql_error_position.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

// Table functions that generate data.
constexpr std::array<std::string_view, 7> kGeneratingFunctions = {
    "range", "generate_series", "unnest", "json_each", "json_tree", "repeat", "repeat_row"};

// Table functions that list the catalog without naming a server path.
constexpr std::array<std::string_view, 13> kCatalogFunctions = {
    "duckdb_columns",   "duckdb_constraints", "duckdb_functions", "duckdb_indexes",
    "duckdb_keywords",  "duckdb_schemas",     "duckdb_sequences", "duckdb_tables",
    "duckdb_types",     "pragma_table_info",  "pragma_version",   "pragma_collations",
    "pg_timezone_names"};

// Catalog views whose columns hold view definitions (with the buckets' paths) or settings.
constexpr std::array<std::string_view, 10> kHiddenCatalogViews = {
    "duckdb_views",       "duckdb_databases",  "duckdb_logs",   "pragma_database_list",
    "pg_views",           "pg_settings",       "sqlite_master", "sqlite_schema",
    "sqlite_temp_master", "sqlite_temp_schema"};

// Scalar functions and macros that reveal settings (allowed_directories …) or view definitions.
constexpr std::array<std::string_view, 3> kHiddenScalarFunctions = {
    "current_setting", "pg_get_viewdef", "get_block_size"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A name DuckDB resolves only in the catalog: no replacement scan, which needs a path, a file
// extension or a glob ('/', '.', '*', …). Index views may have '-' in their names.
bool PlainTableName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '$' || c == '-' || c == ' ' || u >= 0x80;
  });
}

Status CheckTableFunction(const Json& node) {
  std::string name;
  if (auto f = node.find("function"); f != node.end() && f->is_object()) {
    name = AsciiLower(f->value("function_name", ""));
  }
  if (OneOf(kGeneratingFunctions, name) || OneOf(kCatalogFunctions, name)) return Status::Ok();
  return PermissionDenied(
      "sandbox: table function '", name,
      "' is not allowed here; datasets are read by name (SELECT … FROM <dataset>), and only "
      "data-generating and catalog functions (range, unnest, duckdb_tables, …) may run");
}

Status CheckBaseTable(const Json& node) {
  const std::string table = node.value("table_name", "");
  if (!PlainTableName(table)) {
    return PermissionDenied("sandbox: reading the file '", table,
                            "' is not allowed here; datasets are read by name");
  }
  const std::string name = AsciiLower(table);
  if (OneOf(kHiddenCatalogViews, name) ||
      (name == "views" && AsciiLower(node.value("schema_name", "")) == "information_schema")) {
    return PermissionDenied("sandbox: the catalog view '", name,
                            "' is not available here; list datasets with SHOW TABLES or "
                            "duckdb_tables()");
  }
  return Status::Ok();
}

Status CheckFunction(const Json& node) {
  const std::string name = AsciiLower(node.value("function_name", ""));
  if (OneOf(kHiddenScalarFunctions, name)) {
    return PermissionDenied("sandbox: the function '", name, "' is not available here");
  }
  if (IsSizeGuardedFunction(name) &&
      (!node.value("schema", "").empty() || !node.value("catalog", "").empty())) {
    return PermissionDenied("sandbox: call '", name, "' by its plain name");
  }
  return Status::Ok();
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
      LH_RETURN_IF_ERROR(CheckTableFunction(node));
    } else if (*type == "BASE_TABLE") {
      LH_RETURN_IF_ERROR(CheckBaseTable(node));
    } else if (node.value("class", "") == "FUNCTION") {
      LH_RETURN_IF_ERROR(CheckFunction(node));
    }
  }
  for (const auto& [key, child] : node.items()) LH_RETURN_IF_ERROR(Walk(child));
  return Status::Ok();
}

bool ReservedCteName(std::string_view name) {
  return name.starts_with("duckdb_") || name.starts_with("pg_") || name.starts_with("sqlite_") ||
         name.starts_with("pragma_") || name == "information_schema";
}

// Every CTE name defined anywhere in the tree (lower case).
void CollectCteNames(const Json& node, std::set<std::string>* names) {
  if (node.is_array()) {
    for (const Json& child : node) CollectCteNames(child, names);
    return;
  }
  if (!node.is_object()) return;
  if (auto ctes = node.find("cte_map"); ctes != node.end() && ctes->is_object()) {
    if (auto map = ctes->find("map"); map != ctes->end() && map->is_array()) {
      for (const Json& entry : *map) {
        if (entry.is_object()) names->insert(AsciiLower(entry.value("key", "")));
      }
    }
  }
  for (const auto& [key, child] : node.items()) CollectCteNames(child, names);
}

Status WalkPolicy(const Json& node, const PolicyScope& scope, const std::set<std::string>& ctes) {
  if (node.is_array()) {
    for (const Json& child : node) LH_RETURN_IF_ERROR(WalkPolicy(child, scope, ctes));
    return Status::Ok();
  }
  if (!node.is_object()) return Status::Ok();
  auto type = node.find("type");
  if (type != node.end() && type->is_string()) {
    if (*type == "TABLE_FUNCTION") {
      std::string name;
      if (auto f = node.find("function"); f != node.end() && f->is_object()) {
        name = AsciiLower(f->value("function_name", ""));
      }
      if (!OneOf(kGeneratingFunctions, name)) {
        return PermissionDenied("sandbox: table function '", name,
                                "' is not available to this principal; only data generators "
                                "(range, unnest, …) may run");
      }
    } else if (*type == "BASE_TABLE") {
      const std::string name = AsciiLower(node.value("table_name", ""));
      const std::string schema = AsciiLower(node.value("schema_name", ""));
      // The journal, masked for the policy (access/policy_journal_view.h), is the one
      // schema-qualified name a policy may read.
      const bool journal = schema == "journal" && name == "events" &&
                           node.value("catalog_name", "").empty() &&
                           scope.tables.contains("journal.events");
      if (!journal && (!schema.empty() || !node.value("catalog_name", "").empty())) {
        return PermissionDenied("sandbox: name datasets without a schema or catalog ('", name,
                                "')");
      }
      if (!journal && !scope.tables.contains(name) && !ctes.contains(name)) {
        return NotFound("dataset '", node.value("table_name", ""), "' not found");
      }
    } else if (*type == "SHOW_REF") {
      auto query = node.find("query");
      if (!node.value("table_name", "").empty() || query == node.end() || query->is_null()) {
        return PermissionDenied(
            "sandbox: SHOW is not available to this principal; DESCRIBE a dataset instead");
      }
    }
  }
  for (const auto& [key, child] : node.items()) {
    LH_RETURN_IF_ERROR(WalkPolicy(child, scope, ctes));
  }
  return Status::Ok();
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// `text` after the keyword `word` (any case) and at least one whitespace character.
std::optional<std::string_view> AfterKeyword(std::string_view text, std::string_view word) {
  if (text.size() <= word.size()) return std::nullopt;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return std::nullopt;
  }
  if (!IsSpace(text[word.size()])) return std::nullopt;
  text.remove_prefix(word.size());
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  return text;
}

// A parse error's "position" (characters into the text), which DuckDB writes as a string.
std::optional<int64_t> ParsePosition(const Json& tree) {
  if (!tree.is_object()) return std::nullopt;
  auto it = tree.find("position");
  if (it == tree.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (!it->is_string()) return std::nullopt;
  const std::string& text = it->get_ref<const std::string&>();
  if (text.empty() || text.size() > 12 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

constexpr std::string_view kOnlyReads =
    "only read statements (SELECT, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN of those) "
    "may run here";

}  // namespace

std::optional<std::string_view> ExplainedStatement(std::string_view sql) {
  while (!sql.empty() && IsSpace(sql.front())) sql.remove_prefix(1);
  std::optional<std::string_view> inner = AfterKeyword(sql, "explain");
  if (!inner) return std::nullopt;
  if (auto analyzed = AfterKeyword(*inner, "analyze")) return analyzed;
  if (auto analysed = AfterKeyword(*inner, "analyse")) return analysed;
  return inner;
}

Status CheckSerializedStatementSources(const Json& tree) {
  if (!tree.is_object()) return PermissionDenied("sandbox: cannot check this statement");
  if (tree.value("error", true)) {
    const std::string type = tree.value("error_type", "");
    const std::string message = tree.value("error_message", "unknown error");
    if (type == "parser") return InvalidArgument(message);
    return PermissionDenied(kOnlyReads);
  }
  auto statements = tree.find("statements");
  if (statements == tree.end() || !statements->is_array() || statements->size() != 1) {
    return PermissionDenied("exactly one statement per request is allowed");
  }
  return Walk(*statements);
}

Status CheckPolicyNames(const Json& tree, const PolicyScope& scope) {
  std::set<std::string> ctes;
  CollectCteNames(tree, &ctes);
  for (const std::string& name : ctes) {
    if (ReservedCteName(name)) {
      return PermissionDenied("sandbox: a CTE may not be named '", name, "'");
    }
  }
  return WalkPolicy(tree, scope, ctes);
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

Result<CheckedStatement> CheckReadStatement(Connection& conn, std::string_view sql) {
  CheckedStatement checked;
  LH_ASSIGN_OR_RETURN(checked.tree, SerializeStatement(conn, sql));
  const bool serialized = checked.tree.is_object() && !checked.tree.value("error", true);
  if (!serialized && checked.tree.is_object() &&
      checked.tree.value("error_type", "") == "not implemented") {
    // Not a SELECT-like statement: only EXPLAIN of one that passes may run.
    if (std::optional<std::string_view> inner = ExplainedStatement(sql)) {
      LH_ASSIGN_OR_RETURN(checked.tree, SerializeStatement(conn, *inner));
      checked.explain = true;
      if (!checked.tree.is_object() || checked.tree.value("error", true)) {
        return PermissionDenied(
            "sandbox: EXPLAIN runs here only as EXPLAIN [ANALYZE] <read statement>, with the "
            "words separated by whitespace only; ",
            kOnlyReads);
      }
    }
  }
  Status status = CheckSerializedStatementSources(checked.tree);
  if (!status.ok()) return WithSqlPosition(status, sql, ParsePosition(checked.tree));
  return checked;
}

}  // namespace lakehouse
