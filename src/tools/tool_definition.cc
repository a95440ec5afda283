#include "tools/tool_definition.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace lakehouse {
namespace {

bool ValidName(std::string_view name, bool allow_leading_underscore) {
  if (name.empty() || name.size() > 64) return false;
  const char first = name[0];
  if (!((first >= 'a' && first <= 'z') || (allow_leading_underscore && first == '_'))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<ParamType> ParseParamType(const std::string& name) {
  if (name == "string") return ParamType::kString;
  if (name == "integer") return ParamType::kInteger;
  if (name == "number") return ParamType::kNumber;
  if (name == "boolean") return ParamType::kBoolean;
  return InvalidArgument("parameter type must be string, integer, number or boolean, got '", name,
                         "'");
}

bool HasType(const Json& value, ParamType type) {
  switch (type) {
    case ParamType::kString:
      return value.is_string();
    case ParamType::kInteger:
      return value.is_number_integer() ||
             (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>());
    case ParamType::kNumber:
      return value.is_number();
    case ParamType::kBoolean:
      return value.is_boolean();
  }
  return false;
}

Result<std::optional<double>> OptionalNumber(const Json& obj, std::string_view field,
                                             const std::string& where) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return InvalidArgument(where, ": '", field, "' must be a number");
  return std::optional<double>(it->get<double>());
}

Result<std::vector<std::string>> StringList(const Json& obj, std::string_view field) {
  std::vector<std::string> out;
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) return InvalidArgument("'", field, "' must be an array of strings");
  for (const Json& item : *it) {
    if (!item.is_string()) return InvalidArgument("'", field, "' must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

// "parameters": an object {name: schema} (JSON Schema "properties" style, with "required" as a
// boolean per parameter) or an array of schemas with "name".
Result<ToolParameter> ParseParameter(std::string name, const Json& json) {
  const std::string where = "parameter '" + name + "'";
  if (!json.is_object()) return InvalidArgument(where, " must be an object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(json, {"name", "type", "description", "required", "default", "enum",
                                 "minimum", "maximum", "maxLength"}));
  if (!ValidName(name, true)) {
    return InvalidArgument(where, ": names are lower-case letters, digits and '_' (at most 64)");
  }
  ToolParameter p;
  p.name = std::move(name);
  LH_ASSIGN_OR_RETURN(std::string type, RequiredString(json, "type"));
  LH_ASSIGN_OR_RETURN(p.type, ParseParamType(type));
  LH_ASSIGN_OR_RETURN(auto description, OptionalString(json, "description"));
  p.description = description.value_or("");
  LH_ASSIGN_OR_RETURN(auto required, OptionalBool(json, "required"));
  p.required = required.value_or(false);
  LH_ASSIGN_OR_RETURN(p.minimum, OptionalNumber(json, "minimum", where));
  LH_ASSIGN_OR_RETURN(p.maximum, OptionalNumber(json, "maximum", where));
  LH_ASSIGN_OR_RETURN(p.max_length, OptionalInt(json, "maxLength"));
  if ((p.minimum || p.maximum) && p.type != ParamType::kInteger && p.type != ParamType::kNumber) {
    return InvalidArgument(where, ": minimum/maximum apply to integer and number parameters");
  }
  if (p.minimum && p.maximum && *p.minimum > *p.maximum) {
    return InvalidArgument(where, ": minimum is above maximum");
  }
  if (p.max_length && (p.type != ParamType::kString || *p.max_length < 0)) {
    return InvalidArgument(where, ": maxLength applies to string parameters and is >= 0");
  }
  if (auto it = json.find("enum"); it != json.end() && !it->is_null()) {
    if (!it->is_array() || it->empty()) return InvalidArgument(where, ": 'enum' must be a list");
    for (const Json& v : *it) {
      if (!HasType(v, p.type)) {
        return InvalidArgument(where, ": enum value ", v.dump(), " is not a ",
                               ParamTypeName(p.type));
      }
      p.enum_values.push_back(v);
    }
  }
  if (auto it = json.find("default"); it != json.end() && !it->is_null()) {
    if (!HasType(*it, p.type)) {
      return InvalidArgument(where, ": default ", it->dump(), " is not a ", ParamTypeName(p.type));
    }
    p.default_value = *it;
  }
  return p;
}

Result<std::vector<ToolParameter>> ParseParameters(const Json& json) {
  std::vector<ToolParameter> out;
  if (json.is_null()) return out;
  if (json.is_object()) {
    for (const auto& [name, schema] : json.items()) {
      LH_ASSIGN_OR_RETURN(ToolParameter p, ParseParameter(name, schema));
      out.push_back(std::move(p));
    }
  } else if (json.is_array()) {
    for (const Json& schema : json) {
      if (!schema.is_object()) return InvalidArgument("each parameter must be an object");
      LH_ASSIGN_OR_RETURN(std::string name, RequiredString(schema, "name"));
      LH_ASSIGN_OR_RETURN(ToolParameter p, ParseParameter(name, schema));
      out.push_back(std::move(p));
    }
  } else {
    return InvalidArgument("'parameters' must be an object or an array");
  }
  std::set<std::string> seen;
  for (const ToolParameter& p : out) {
    if (!seen.insert(p.name).second) return InvalidArgument("parameter '", p.name, "' twice");
  }
  return out;
}

Json ParameterToJson(const ToolParameter& p) {
  Json out = {{"type", ParamTypeName(p.type)}};
  if (!p.description.empty()) out["description"] = p.description;
  if (p.default_value) out["default"] = *p.default_value;
  if (!p.enum_values.empty()) out["enum"] = p.enum_values;
  if (p.minimum) out["minimum"] = *p.minimum;
  if (p.maximum) out["maximum"] = *p.maximum;
  if (p.max_length) out["maxLength"] = *p.max_length;
  return out;
}

}  // namespace

std::string_view ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kString:
      return "string";
    case ParamType::kInteger:
      return "integer";
    case ParamType::kNumber:
      return "number";
    case ParamType::kBoolean:
      return "boolean";
  }
  return "string";
}

const ToolParameter* ToolDefinition::FindParameter(std::string_view param) const {
  for (const ToolParameter& p : parameters) {
    if (p.name == param) return &p;
  }
  return nullptr;
}

Result<ToolDefinition> ToolDefinitionFromJson(const Json& json) {
  if (!json.is_object()) return InvalidArgument("a tool must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(json, {"name", "description", "kind", "parameters", "sql", "index",
                                 "query_param", "filters", "max_rows", "columns", "permission",
                                 "roles", "datasets", "source", "created_by", "created_at"}));
  ToolDefinition tool;
  LH_ASSIGN_OR_RETURN(tool.name, RequiredString(json, "name"));
  if (!ValidName(tool.name, false)) {
    return InvalidArgument("tool name '", tool.name,
                           "': lower-case letters, digits and '_', starting with a letter (at "
                           "most 64)");
  }
  LH_ASSIGN_OR_RETURN(tool.description, RequiredString(json, "description"));
  LH_ASSIGN_OR_RETURN(auto kind, OptionalString(json, "kind"));
  if (!kind || *kind == "sql") {
    tool.kind = ToolKind::kSql;
  } else if (*kind == "search") {
    tool.kind = ToolKind::kSearch;
  } else {
    return InvalidArgument("'kind' must be \"sql\" or \"search\", got '", *kind, "'");
  }
  LH_ASSIGN_OR_RETURN(tool.parameters,
                      ParseParameters(json.contains("parameters") ? json["parameters"] : Json()));
  LH_ASSIGN_OR_RETURN(auto sql, OptionalString(json, "sql"));
  tool.sql = sql.value_or("");
  LH_ASSIGN_OR_RETURN(auto index, OptionalString(json, "index"));
  tool.index = index.value_or("");
  LH_ASSIGN_OR_RETURN(auto query_param, OptionalString(json, "query_param"));
  tool.query_param = query_param.value_or("");
  if (auto it = json.find("filters"); it != json.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidArgument("'filters' must be an array");
    for (const Json& f : *it) {
      if (!f.is_object()) return InvalidArgument("each filter must be an object");
      LH_RETURN_IF_ERROR(RejectUnknownFields(f, {"column", "op", "param"}));
      SearchFilter filter;
      LH_ASSIGN_OR_RETURN(filter.column, RequiredString(f, "column"));
      LH_ASSIGN_OR_RETURN(filter.param, RequiredString(f, "param"));
      LH_ASSIGN_OR_RETURN(auto op, OptionalString(f, "op"));
      filter.op = op.value_or("=");
      static const std::set<std::string> kOps = {"=", "!=", "<", "<=", ">", ">="};
      if (!kOps.contains(filter.op)) {
        return InvalidArgument("filter op must be one of = != < <= > >=, got '", filter.op, "'");
      }
      tool.filters.push_back(std::move(filter));
    }
  }
  LH_ASSIGN_OR_RETURN(auto max_rows, OptionalInt(json, "max_rows"));
  tool.max_rows = max_rows.value_or(ToolDefinition::kDefaultMaxRows);
  if (tool.max_rows < 1 || tool.max_rows > ToolDefinition::kMaxMaxRows) {
    return InvalidArgument("'max_rows' must be in [1, ", ToolDefinition::kMaxMaxRows, "]");
  }
  LH_ASSIGN_OR_RETURN(tool.columns, StringList(json, "columns"));
  LH_ASSIGN_OR_RETURN(auto permission, OptionalString(json, "permission"));
  if (permission) {
    LH_ASSIGN_OR_RETURN(tool.permission, ParsePermission(*permission));
  }
  LH_ASSIGN_OR_RETURN(tool.roles, StringList(json, "roles"));
  LH_ASSIGN_OR_RETURN(tool.datasets, StringList(json, "datasets"));
  LH_ASSIGN_OR_RETURN(auto source, OptionalString(json, "source"));
  tool.source = source.value_or("api");
  LH_ASSIGN_OR_RETURN(auto created_by, OptionalString(json, "created_by"));
  tool.created_by = created_by.value_or("");
  LH_ASSIGN_OR_RETURN(auto created_at, OptionalInt(json, "created_at"));
  tool.created_at = created_at.value_or(0);

  if (tool.kind == ToolKind::kSql) {
    if (tool.sql.empty()) return InvalidArgument("a sql tool needs 'sql' (the template)");
    if (!tool.index.empty() || !tool.query_param.empty() || !tool.filters.empty()) {
      return InvalidArgument("'index', 'query_param' and 'filters' are for search tools");
    }
  } else {
    if (!tool.sql.empty()) return InvalidArgument("a search tool has no 'sql'");
    if (tool.index.empty()) return InvalidArgument("a search tool needs 'index'");
    const ToolParameter* query = tool.FindParameter(tool.query_param);
    if (query == nullptr || query->type != ParamType::kString) {
      return InvalidArgument("'query_param' must name a string parameter");
    }
    for (const SearchFilter& f : tool.filters) {
      if (tool.FindParameter(f.param) == nullptr) {
        return InvalidArgument("filter on '", f.column, "' names unknown parameter '", f.param,
                               "'");
      }
    }
  }
  return tool;
}

Json ToolDefinitionToJson(const ToolDefinition& tool) {
  Json params = Json::object();
  for (const ToolParameter& p : tool.parameters) {
    Json one = ParameterToJson(p);
    one["required"] = p.required;
    params[p.name] = std::move(one);
  }
  Json out = {{"name", tool.name},
              {"description", tool.description},
              {"kind", tool.kind == ToolKind::kSql ? "sql" : "search"},
              {"parameters", std::move(params)},
              {"max_rows", tool.max_rows},
              {"columns", tool.columns},
              {"permission", PermissionName(tool.permission)},
              {"roles", tool.roles},
              {"datasets", tool.datasets},
              {"source", tool.source},
              {"created_by", tool.created_by},
              {"created_at", tool.created_at}};
  if (tool.kind == ToolKind::kSql) {
    out["sql"] = tool.sql;
  } else {
    out["index"] = tool.index;
    out["query_param"] = tool.query_param;
    Json filters = Json::array();
    for (const SearchFilter& f : tool.filters) {
      filters.push_back({{"column", f.column}, {"op", f.op}, {"param", f.param}});
    }
    out["filters"] = std::move(filters);
  }
  return out;
}

Json ToolInputSchema(const ToolDefinition& tool) {
  Json properties = Json::object();
  Json required = Json::array();
  for (const ToolParameter& p : tool.parameters) {
    properties[p.name] = ParameterToJson(p);
    if (p.required) required.push_back(p.name);
  }
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

}  // namespace lakehouse
