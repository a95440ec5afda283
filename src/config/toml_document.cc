#include "config/toml_document.h"

#include <toml++/toml.h>

#include <sstream>

namespace lakehouse {
namespace {

Json NodeToJson(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    Json out = Json::object();
    for (const auto& [key, value] : *table) out[std::string(key.str())] = NodeToJson(value);
    return out;
  }
  if (const toml::array* array = node.as_array()) {
    Json out = Json::array();
    for (const toml::node& value : *array) out.push_back(NodeToJson(value));
    return out;
  }
  if (auto v = node.value<std::string>(); v && node.is_string()) return *v;
  if (node.is_integer()) return node.value<int64_t>().value_or(0);
  if (node.is_floating_point()) return node.value<double>().value_or(0.0);
  if (node.is_boolean()) return node.value<bool>().value_or(false);
  std::ostringstream text;  // dates and times
  node.visit([&](const auto& leaf) { text << leaf; });
  return text.str();
}

}  // namespace

Result<Json> TomlToJson(std::string_view text, std::string_view source_name) {
  try {
    toml::table document = toml::parse(text, source_name);
    return NodeToJson(document);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(source_name, ", line ", e.source().begin.line, ", column ",
                           e.source().begin.column, ": ", e.description());
  }
}

}  // namespace lakehouse
