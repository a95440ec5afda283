#include "tools/tool_parameters.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

bool NameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Walks `sql`, copying it to `out` except that each {{name}} is replaced by on_identifier(name);
// on_value(name) is told of each $name. Literals, quoted identifiers and comments are copied
// untouched.
Status Scan(const std::string& sql, const std::function<Status(const std::string&)>& on_value,
            const std::function<Result<std::string>(const std::string&)>& on_identifier,
            std::string* out) {
  size_t i = 0;
  const size_t n = sql.size();
  auto copy_until = [&](size_t end) {
    out->append(sql, i, end - i);
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      if (j >= n) return InvalidArgument("unterminated quote in the SQL template");
      copy_until(j + 1);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      copy_until(end == std::string::npos ? n : end);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string::npos) return InvalidArgument("unterminated comment in the template");
      copy_until(end + 2);
    } else if (c == '$') {
      size_t j = i + 1;
      while (j < n && NameChar(sql[j])) ++j;
      const std::string name = sql.substr(i + 1, j - i - 1);
      if (name.empty() || !(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) {
        return InvalidArgument(
            "the SQL template may hold only named parameters ($name, lower case): positional "
            "parameters and dollar-quoted strings are not allowed");
      }
      LH_RETURN_IF_ERROR(on_value(name));
      copy_until(j);
    } else if (c == '{' && i + 1 < n && sql[i + 1] == '{') {
      size_t end = sql.find("}}", i + 2);
      if (end == std::string::npos) return InvalidArgument("unterminated {{ in the SQL template");
      std::string name = sql.substr(i + 2, end - i - 2);
      name.erase(0, name.find_first_not_of(' '));
      name.erase(name.find_last_not_of(' ') + 1);
      if (name.empty() || !std::all_of(name.begin(), name.end(), NameChar)) {
        return InvalidArgument("malformed identifier placeholder {{", name, "}}");
      }
      LH_ASSIGN_OR_RETURN(std::string replacement, on_identifier(name));
      out->append(replacement);
      i = end + 2;
    } else {
      out->push_back(c);
      ++i;
    }
  }
  return Status::Ok();
}

void AddOnce(std::vector<std::string>* names, const std::string& name) {
  if (std::find(names->begin(), names->end(), name) == names->end()) names->push_back(name);
}

bool IsInteger(const Json& v) {
  return v.is_number_integer() ||
         (v.is_number_float() && std::isfinite(v.get<double>()) &&
          std::trunc(v.get<double>()) == v.get<double>() && std::fabs(v.get<double>()) < 9.0e15);
}

Status CheckValue(const ToolParameter& p, const Json& value) {
  const std::string where = "argument '" + p.name + "'";
  switch (p.type) {
    case ParamType::kString:
      if (!value.is_string()) return InvalidArgument(where, " must be a string");
      LH_RETURN_IF_ERROR(CheckSqlText(where, value.get_ref<const std::string&>()));
      if (p.max_length &&
          static_cast<int64_t>(value.get_ref<const std::string&>().size()) > *p.max_length) {
        return InvalidArgument(where, " is longer than ", *p.max_length, " characters");
      }
      break;
    case ParamType::kInteger:
      if (!IsInteger(value)) return InvalidArgument(where, " must be an integer");
      break;
    case ParamType::kNumber:
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        return InvalidArgument(where, " must be a number");
      }
      break;
    case ParamType::kBoolean:
      if (!value.is_boolean()) return InvalidArgument(where, " must be true or false");
      break;
  }
  if (value.is_number()) {
    const double d = value.get<double>();
    if (p.minimum && d < *p.minimum) return InvalidArgument(where, " is below ", *p.minimum);
    if (p.maximum && d > *p.maximum) return InvalidArgument(where, " is above ", *p.maximum);
  }
  if (!p.enum_values.empty() &&
      std::none_of(p.enum_values.begin(), p.enum_values.end(), [&](const Json& allowed) {
        return allowed == value || (allowed.is_number() && value.is_number() &&
                                    allowed.get<double>() == value.get<double>());
      })) {
    return InvalidArgument(where, " must be one of ", Json(p.enum_values).dump());
  }
  return Status::Ok();
}

}  // namespace

Result<SqlTemplate> ParseSqlTemplate(const std::string& sql) {
  SqlTemplate parsed;
  std::string ignored;
  LH_RETURN_IF_ERROR(Scan(
      sql,
      [&](const std::string& name) {
        AddOnce(&parsed.value_params, name);
        return Status::Ok();
      },
      [&](const std::string& name) -> Result<std::string> {
        AddOnce(&parsed.identifier_params, name);
        return std::string("x");
      },
      &ignored));
  return parsed;
}

Status CheckSqlTemplate(const ToolDefinition& tool, const SqlTemplate& parsed) {
  for (const std::string& name : parsed.value_params) {
    if (tool.FindParameter(name) == nullptr) {
      return InvalidArgument("the SQL template uses $", name, " but no parameter '", name,
                             "' is declared");
    }
    if (std::find(parsed.identifier_params.begin(), parsed.identifier_params.end(), name) !=
        parsed.identifier_params.end()) {
      return InvalidArgument("parameter '", name, "' is used both as a value and an identifier");
    }
  }
  for (const std::string& name : parsed.identifier_params) {
    const ToolParameter* p = tool.FindParameter(name);
    if (p == nullptr) {
      return InvalidArgument("the SQL template uses {{", name, "}} but no parameter '", name,
                             "' is declared");
    }
    if (p->type != ParamType::kString || p->enum_values.empty()) {
      return InvalidArgument("identifier parameter '", name,
                             "' must be a string with an 'enum' of the names it may take");
    }
    if (!p->required && !p->default_value) {
      return InvalidArgument("identifier parameter '", name, "' needs a default or 'required'");
    }
  }
  return Status::Ok();
}

Result<Json> ResolveArguments(const ToolDefinition& tool, const Json& arguments) {
  if (!arguments.is_null() && !arguments.is_object()) {
    return InvalidArgument("arguments must be a JSON object");
  }
  if (arguments.is_object()) {
    for (const auto& [name, value] : arguments.items()) {
      if (tool.FindParameter(name) == nullptr) {
        return InvalidArgument("tool '", tool.name, "' has no parameter '", name, "'");
      }
    }
  }
  Json resolved = Json::object();
  for (const ToolParameter& p : tool.parameters) {
    const bool given =
        arguments.is_object() && arguments.contains(p.name) && !arguments[p.name].is_null();
    if (!given) {
      if (p.default_value) {
        resolved[p.name] = *p.default_value;
      } else if (p.required) {
        return InvalidArgument("argument '", p.name, "' is required");
      } else {
        resolved[p.name] = nullptr;
      }
      continue;
    }
    const Json& value = arguments[p.name];
    LH_RETURN_IF_ERROR(CheckValue(p, value));
    resolved[p.name] = (p.type == ParamType::kInteger && value.is_number_float())
                           ? Json(static_cast<int64_t>(value.get<double>()))
                           : value;
  }
  return resolved;
}

Result<BoundSql> BindSqlTemplate(const ToolDefinition& tool, const Json& resolved) {
  BoundSql bound;
  Json params = Json::object();
  LH_RETURN_IF_ERROR(Scan(
      tool.sql,
      [&](const std::string& name) -> Status {
        auto it = resolved.find(name);
        params[name] = it == resolved.end() ? Json() : *it;
        return Status::Ok();
      },
      [&](const std::string& name) -> Result<std::string> {
        const ToolParameter* p = tool.FindParameter(name);
        auto it = resolved.find(name);
        // Only a value of the enum ever becomes an identifier.
        if (p == nullptr || it == resolved.end() || !it->is_string() ||
            std::find(p->enum_values.begin(), p->enum_values.end(), *it) == p->enum_values.end()) {
          return InvalidArgument("argument '", name, "' must be one of the identifiers ",
                                 Json(p != nullptr ? p->enum_values : std::vector<Json>()).dump());
        }
        return SqlIdentifier(it->get<std::string>());
      },
      &bound.sql));
  if (!params.empty()) bound.params = std::move(params);
  return bound;
}

}  // namespace lakehouse
