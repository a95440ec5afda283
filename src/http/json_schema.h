// Builders for the JSON Schemas (2020-12, as OpenAPI 3.1 uses them) that route contracts carry, so
// that a schema reads like the type it describes:
//   Object({Req("name", String()), Opt("rows", Integer("rows in the current version"))})
// Objects are open (extra members allowed) unless built with Closed(...); request bodies that the
// handlers check for unknown fields are closed.
//
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace lakehouse::schema {

Json String(std::string_view description = "");
Json Integer(std::string_view description = "");
Json Number(std::string_view description = "");
Json Boolean(std::string_view description = "");
Json Any(std::string_view description = "");  // any JSON value
Json Enum(std::initializer_list<std::string_view> values, std::string_view description = "");
// `schema` or null.
Json Nullable(Json schema);
Json Array(Json items, std::string_view description = "");
// An object whose member names are data (e.g. counts per state): every value matches `values`.
Json MapOf(Json values, std::string_view description = "");
// "#/components/schemas/<name>" of the OpenAPI document.
Json Ref(std::string_view component);
// Any of the alternatives.
Json AnyOf(std::initializer_list<Json> alternatives);
// Sets the description.
Json Describe(Json schema, std::string_view description);

struct Property {
  std::string name;
  Json schema;
  bool required = false;
};
inline Property Req(std::string name, Json schema) {
  return {std::move(name), std::move(schema), true};
}
inline Property Opt(std::string name, Json schema) {
  return {std::move(name), std::move(schema), false};
}

Json Object(const std::vector<Property>& properties, std::string_view description = "");
// An object that allows no members other than `properties`.
Json Closed(const std::vector<Property>& properties, std::string_view description = "");
// `base` (an Object) with more properties.
Json Extend(Json base, const std::vector<Property>& properties);

}  // namespace lakehouse::schema
