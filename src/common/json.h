// JSON vocabulary type. nlohmann::json is used as the project's JSON value across layers (like a
// string), but parsing, which throws, only happens through ParseJson, which returns a Status.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

using Json = nlohmann::json;

// Parses text as JSON. Malformed input → INVALID_ARGUMENT with the parser's position and reason.
Result<Json> ParseJson(std::string_view text);

// Typed field access for request bodies. Each returns INVALID_ARGUMENT naming the field when the
// field has the wrong type (or, for Required*, is missing). Optional* return nullopt when absent or null.
Result<std::string> RequiredString(const Json& obj, std::string_view field);
Result<std::optional<std::string>> OptionalString(const Json& obj, std::string_view field);
Result<std::optional<int64_t>> OptionalInt(const Json& obj, std::string_view field);
Result<std::optional<bool>> OptionalBool(const Json& obj, std::string_view field);

// Serialises without throwing on invalid UTF-8 (invalid bytes are replaced with U+FFFD).
std::string DumpJson(const Json& value, int indent = -1);

}  // namespace lakehouse
