#include "http/json_schema.h"

namespace lakehouse::schema {
namespace {

Json Typed(std::string_view type, std::string_view description) {
  Json out = Json::object();
  out["type"] = std::string(type);
  if (!description.empty()) out["description"] = std::string(description);
  return out;
}

}  // namespace

Json String(std::string_view description) { return Typed("string", description); }
Json Integer(std::string_view description) { return Typed("integer", description); }
Json Number(std::string_view description) { return Typed("number", description); }
Json Boolean(std::string_view description) { return Typed("boolean", description); }

Json Any(std::string_view description) {
  Json out = Json::object();
  if (!description.empty()) out["description"] = std::string(description);
  return out;
}

Json Enum(std::initializer_list<std::string_view> values, std::string_view description) {
  Json out = Typed("string", description);
  Json list = Json::array();
  for (std::string_view v : values) list.push_back(std::string(v));
  out["enum"] = std::move(list);
  return out;
}

Json Nullable(Json schema) {
  auto type = schema.find("type");
  if (type != schema.end() && type->is_string()) {
    Json types = Json::array({*type, "null"});
    *type = std::move(types);
    if (auto e = schema.find("enum"); e != schema.end()) e->push_back(nullptr);
    return schema;
  }
  if (type != schema.end() && type->is_array()) {
    type->push_back("null");
    return schema;
  }
  Json out = Json::object();
  out["anyOf"] = Json::array({std::move(schema), Json{{"type", "null"}}});
  return out;
}

Json Array(Json items, std::string_view description) {
  Json out = Typed("array", description);
  out["items"] = std::move(items);
  return out;
}

Json MapOf(Json values, std::string_view description) {
  Json out = Typed("object", description);
  out["additionalProperties"] = std::move(values);
  return out;
}

Json Ref(std::string_view component) {
  Json out = Json::object();
  out["$ref"] = "#/components/schemas/" + std::string(component);
  return out;
}

Json AnyOf(std::initializer_list<Json> alternatives) {
  Json out = Json::object();
  out["anyOf"] = Json::array();
  for (const Json& a : alternatives) out["anyOf"].push_back(a);
  return out;
}

Json Describe(Json schema, std::string_view description) {
  schema["description"] = std::string(description);
  return schema;
}

Json Object(const std::vector<Property>& properties, std::string_view description) {
  Json out = Typed("object", description);
  return Extend(std::move(out), properties);
}

Json Closed(const std::vector<Property>& properties, std::string_view description) {
  Json out = Object(properties, description);
  out["additionalProperties"] = false;
  return out;
}

Json Extend(Json base, const std::vector<Property>& properties) {
  if (!base.contains("properties")) base["properties"] = Json::object();
  for (const Property& p : properties) {
    base["properties"][p.name] = p.schema;
    if (p.required) {
      if (!base.contains("required")) base["required"] = Json::array();
      base["required"].push_back(p.name);
    }
  }
  return base;
}

}  // namespace lakehouse::schema
