#include "common/json.h"

namespace lakehouse {

namespace {

// One pass over the text, outside strings: the nesting depth and NUL bytes (which may not appear
// raw inside a JSON string either).
Status ScanJsonShape(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') {
      return InvalidArgument("malformed JSON: NUL byte at offset ", std::to_string(i));
    }
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return InvalidArgument("JSON nested deeper than ", std::to_string(max_depth),
                               " levels (at offset ", std::to_string(i), ")");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Json> ParseJson(std::string_view text, int max_depth) {
  LH_RETURN_IF_ERROR(ScanJsonShape(text, max_depth));
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return InvalidArgument("malformed JSON: ", e.what());
  } catch (const Json::out_of_range& e) {  // 406: a number outside the range of a double
    return InvalidArgument("malformed JSON: number out of range: ", e.what());
  } catch (const Json::exception& e) {
    return InvalidArgument("malformed JSON: ", e.what());
  }
}

Status RejectUnknownFields(const Json& obj, std::initializer_list<std::string_view> allowed,
                           std::string_view where) {
  if (!obj.is_object()) return Status::Ok();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (std::string_view name : allowed) known |= it.key() == name;
    if (!known) {
      std::string expected;
      for (std::string_view name : allowed) {
        if (!expected.empty()) expected += ", ";
        expected += name;
      }
      return InvalidArgument("unknown field '", std::string(where), it.key(),
                             "' (expected one of: ", expected, ")");
    }
  }
  return Status::Ok();
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
