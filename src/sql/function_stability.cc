#include "sql/function_stability.h"

#include <array>
#include <cctype>
#include <map>
#include <set>

#include "common/strings.h"
#include "sql/statement_facts.h"
#include "sql/statement_sources.h"

namespace lakehouse {
namespace {

// Non-deterministic by nature, refused whatever duckdb_functions() says about them.
// clang-format off
constexpr std::array<std::string_view, 31> kNonDeterministicNames = {
    "random", "setseed", "uuid", "gen_random_uuid", "uuidv4", "uuidv7", "nextval", "currval",
    "now", "today", "current_timestamp", "get_current_timestamp", "current_date", "current_time",
    "get_current_time", "localtime", "localtimestamp", "transaction_timestamp",
    "statement_timestamp", "current_query", "current_query_id", "current_transaction_id",
    "txid_current", "current_connection_id", "current_setting", "current_user", "session_user",
    "user", "current_role", "write_log", "error"};
// clang-format on

bool AlwaysRefused(std::string_view lower_name) {
  for (std::string_view name : kNonDeterministicNames) {
    if (name == lower_name) return true;
  }
  return false;
}

// Names DuckDB reports as CONSISTENT in every overload.
Result<std::unordered_set<std::string>> ConsistentFunctions(Connection& conn) {
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query("SELECT lower(function_name) FROM duckdb_functions() GROUP BY 1 "
                                 "HAVING bool_and(coalesce(stability = 'CONSISTENT', false))"));
  std::unordered_set<std::string> names;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      if (std::optional<std::string> name = chunk->GetString(0, row)) names.insert(*name);
    }
  }
  return names;
}

// What the bodies of one macro's overloads call; `refused` when one reads a table, names a SQL
// value function or cannot be parsed.
struct MacroCalls {
  std::set<std::string> functions;
  bool refused = false;
};

void CollectCalls(const Json& node, MacroCalls* calls) {
  if (node.is_array()) {
    for (const Json& child : node) CollectCalls(child, calls);
    return;
  }
  if (!node.is_object()) return;
  const std::string cls = node.value("class", "");
  auto type = node.find("type");
  const std::string t = type != node.end() && type->is_string() ? type->get<std::string>() : "";
  if (cls == "FUNCTION" || cls == "WINDOW") {
    calls->functions.insert(AsciiLower(node.value("function_name", "")));
  } else if (cls == "COLUMN_REF") {
    auto names = node.find("column_names");
    if (names != node.end() && names->is_array() && names->size() == 1 && (*names)[0].is_string() &&
        IsSqlValueFunction((*names)[0].get<std::string>())) {
      calls->refused = true;
    }
  } else if (cls.empty() && node.contains("sample") && !t.ends_with("_NODE") && t != "EMPTY" &&
             t != "SUBQUERY" && t != "JOIN" && t != "EXPRESSION_LIST") {
    calls->refused = true;  // a table, table function or other source inside the body
  }
  for (const auto& [key, child] : node.items()) CollectCalls(child, calls);
}

// Scalar macros have no stability in duckdb_functions(); DuckDB expands a macro into its body, so
// one is as deterministic as every function its body calls. Each overload's body is parsed by
// DuckDB (json_serialize_sql), and macros join the consistent set until none is left to join.
Status AddConsistentMacros(Connection& conn, std::unordered_set<std::string>* names) {
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query("SELECT lower(function_name), macro_definition "
                                 "FROM duckdb_functions() WHERE function_type = 'macro'"));
  std::map<std::string, MacroCalls> macros;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      std::optional<std::string> name = chunk->GetString(0, row);
      std::optional<std::string> body = chunk->GetString(1, row);
      if (!name) continue;
      MacroCalls& calls = macros[*name];
      Result<Json> tree = body ? SerializeStatement(conn, "SELECT " + *body) : Result<Json>(Json());
      if (!tree.ok() || !tree->is_object() || tree->value("error", true)) {
        calls.refused = true;
        continue;
      }
      CollectCalls((*tree)["statements"], &calls);
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [name, calls] : macros) {
      if (calls.refused || names->count(name) != 0) continue;
      bool consistent = true;
      for (const std::string& called : calls.functions) {
        if (names->count(called) == 0) consistent = false;
      }
      if (consistent) grew = names->insert(name).second || grew;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<FunctionStability> FunctionStability::Load(Connection& conn) {
  LH_ASSIGN_OR_RETURN(std::unordered_set<std::string> names, ConsistentFunctions(conn));
  if (names.empty()) return Internal("duckdb_functions() lists no consistent function");
  LH_RETURN_IF_ERROR(AddConsistentMacros(conn, &names));
  return FromNames(std::move(names));
}

FunctionStability FunctionStability::FromNames(std::unordered_set<std::string> consistent) {
  FunctionStability stability;
  for (const std::string& name : consistent) {
    std::string lower = AsciiLower(name);
    if (!AlwaysRefused(lower)) stability.consistent_.insert(std::move(lower));
  }
  return stability;
}

bool FunctionStability::IsConsistent(std::string_view name) const {
  return consistent_.count(AsciiLower(name)) != 0;
}

}  // namespace lakehouse
