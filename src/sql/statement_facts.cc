#include "sql/statement_facts.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace lakehouse {
namespace {

constexpr std::array<std::string_view, 11> kSqlValueFunctions = {
    "current_date",  "current_time", "current_timestamp", "localtime",    "localtimestamp",
    "user",          "current_user", "session_user",      "current_role", "current_catalog",
    "current_schema"};

// Table references whose rows come only from tables, other queries or constants.
constexpr std::array<std::string_view, 5> kPlainTableRefs = {"BASE_TABLE", "JOIN", "SUBQUERY",
                                                             "EXPRESSION_LIST", "EMPTY"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class Analyzer {
 public:
  explicit Analyzer(const FunctionStability& functions) : functions_(functions) {}

  // Walks all of `node` (every table read is collected); the first reason to refuse caching wins.
  void Walk(const Json& node) {
    if (node.is_array()) {
      for (const Json& child : node) Walk(child);
      return;
    }
    if (!node.is_object()) return;
    auto type = node.find("type");
    if (type != node.end() && type->is_string()) {
      const std::string& t = type->get_ref<const std::string&>();
      if (node.contains("class")) {
        Expression(node, t);
      } else if (t.ends_with("_NODE")) {
        if (t == "SELECT_NODE") NotNull(node, "sample", "samples rows (USING SAMPLE)");
      } else if (node.contains("sample")) {
        TableRef(node, t);  // every table reference carries "sample"
      }
    }
    for (const auto& [key, child] : node.items()) Walk(child);
  }

  std::string reason() const { return reason_; }
  std::vector<std::string> tables() const { return {tables_.begin(), tables_.end()}; }

 private:
  void Refuse(std::string why) {
    if (reason_.empty()) reason_ = std::move(why);
  }

  void NotNull(const Json& node, const char* field, const char* why) {
    auto it = node.find(field);
    if (it != node.end() && !it->is_null()) Refuse(why);
  }

  void Expression(const Json& node, const std::string& type) {
    const std::string cls = node.value("class", "");
    if (cls == "FUNCTION" || (cls == "WINDOW" && type == "WINDOW_AGGREGATE")) {
      const std::string name = Lower(node.value("function_name", ""));
      if (!functions_.IsConsistent(name)) {
        Refuse("calls '" + name + "', which DuckDB does not report as deterministic");
      }
    } else if (cls == "COLUMN_REF") {
      auto names = node.find("column_names");
      if (names != node.end() && names->is_array() && names->size() == 1 &&
          (*names)[0].is_string() &&
          OneOf(kSqlValueFunctions, Lower((*names)[0].get<std::string>()))) {
        Refuse("names the SQL value function '" + Lower((*names)[0].get<std::string>()) + "'");
      }
    }
    // Other window functions (row_number, rank, lag, …) are deterministic given their input.
  }

  void TableRef(const Json& node, const std::string& type) {
    if (!OneOf(kPlainTableRefs, type)) {
      Refuse(type == "TABLE_FUNCTION" ? "reads a table function"
                                      : "reads a " + type + " reference");
      return;
    }
    NotNull(node, "sample", "samples rows (TABLESAMPLE)");
    if (type != "BASE_TABLE") return;
    NotNull(node, "at_clause", "reads a table AT a version");
    const std::string catalog = node.value("catalog_name", "");
    const std::string schema = Lower(node.value("schema_name", ""));
    if (!catalog.empty() || !(schema.empty() || schema == "main")) {
      Refuse("reads a table outside the datasets' schema");
      return;
    }
    tables_.insert(Lower(node.value("table_name", "")));
  }

  const FunctionStability& functions_;
  std::string reason_;
  std::set<std::string> tables_;
};

// The tree without query locations, which differ between texts of the same statement.
Json WithoutLocations(const Json& node) {
  if (node.is_array()) {
    Json out = Json::array();
    for (const Json& child : node) out.push_back(WithoutLocations(child));
    return out;
  }
  if (!node.is_object()) return node;
  Json out = Json::object();
  for (const auto& [key, child] : node.items()) {
    if (key != "query_location") out[key] = WithoutLocations(child);
  }
  return out;
}

}  // namespace

bool IsSqlValueFunction(std::string_view column_name) {
  return OneOf(kSqlValueFunctions, Lower(column_name));
}

StatementFacts UncacheableStatement(std::string reason) {
  StatementFacts facts;
  facts.reason = std::move(reason);
  return facts;
}

StatementFacts AnalyzeStatement(const Json& tree, const FunctionStability& functions) {
  if (!tree.is_object() || tree.value("error", true)) {
    return UncacheableStatement("DuckDB cannot serialise the statement");
  }
  auto statements = tree.find("statements");
  if (statements == tree.end() || !statements->is_array() || statements->size() != 1) {
    return UncacheableStatement("not exactly one statement");
  }
  Analyzer analyzer(functions);
  analyzer.Walk(*statements);
  StatementFacts facts;
  facts.tables = analyzer.tables();
  facts.reason = analyzer.reason();
  if (facts.reason.empty() && facts.tables.empty()) facts.reason = "reads no table";
  facts.cacheable = facts.reason.empty();
  if (facts.cacheable) facts.normalized = WithoutLocations(*statements).dump();
  return facts;
}

}  // namespace lakehouse
