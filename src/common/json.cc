#include "common/json.h"

namespace lakehouse {

Result<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return InvalidArgument("malformed JSON: ", e.what());
  }
}

namespace {
Status WrongType(std::string_view field, std::string_view want) {
  return InvalidArgument("field '", std::string(field), "' must be ", std::string(want));
}
}  // namespace

Result<std::string> RequiredString(const Json& obj, std::string_view field) {
  LH_ASSIGN_OR_RETURN(auto value, OptionalString(obj, field));
  if (!value) return InvalidArgument("missing required field '", std::string(field), "'");
  return std::move(*value);
}

Result<std::optional<std::string>> OptionalString(const Json& obj, std::string_view field) {
  if (!obj.is_object()) return InvalidArgument("request body must be a JSON object");
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return WrongType(field, "a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<int64_t>> OptionalInt(const Json& obj, std::string_view field) {
  if (!obj.is_object()) return InvalidArgument("request body must be a JSON object");
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) return WrongType(field, "an integer");
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<std::optional<bool>> OptionalBool(const Json& obj, std::string_view field) {
  if (!obj.is_object()) return InvalidArgument("request body must be a JSON object");
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return WrongType(field, "a boolean");
  return std::optional<bool>(it->get<bool>());
}

std::string DumpJson(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace lakehouse
