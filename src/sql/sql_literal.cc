#include "sql/sql_literal.h"

#include <cctype>

namespace lakehouse {
namespace {

std::string Quoted(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

}  // namespace

std::string SqlStringLiteral(std::string_view text) { return Quoted(text, '\''); }

std::string SqlIdentifier(std::string_view name) { return Quoted(name, '"'); }

Status CheckSqlText(std::string_view what, std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    return InvalidArgument(what, " must not contain NUL bytes");
  }
  return Status::Ok();
}

Status CheckTypeName(std::string_view type) {
  if (type.empty() || type.size() > 256) {
    return InvalidArgument("column type must be 1-256 characters, got '", std::string(type), "'");
  }
  for (char c : type) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' ||
                         c == '(' || c == ')' || c == ',' || c == '[' || c == ']' || c == '"';
    if (!allowed) {
      return InvalidArgument("column type '", std::string(type), "' contains '", std::string(1, c),
                             "'");
    }
  }
  return Status::Ok();
}

}  // namespace lakehouse
