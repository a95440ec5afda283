// JSON vocabulary type. nlohmann::json is used as the project's JSON value across layers (like a
// string), but parsing, which throws, only happens through ParseJson, which returns a Status.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

using Json = nlohmann::json;

// Deepest nesting of arrays and objects a request body may have. nlohmann's parser is iterative,
// but copying, comparing and dumping a value recurse once per level: a 130 KB body nested 66K deep
// overflowed the stack of the thread that copied it.
inline constexpr int kMaxRequestJsonDepth = 64;
// The limit for JSON read from our own files and from model providers: generous, still bounded.
inline constexpr int kMaxStoredJsonDepth = 512;

// Parses text as JSON. INVALID_ARGUMENT, with the position and reason, for malformed input, for
// nesting deeper than `max_depth` (checked by a scan before anything is built), for a NUL byte
// anywhere (nlohmann stops at a NUL and would ignore what follows it) and for a number outside
// the range of a double (`1e400`).
Result<Json> ParseJson(std::string_view text, int max_depth = kMaxStoredJsonDepth);

// INVALID_ARGUMENT naming the first key of `obj` that is not in `allowed` ("unknown field
// 'where.key'"), so that a misspelt option never silently does nothing. OK when `obj` is not an
// object (the caller reports the type).
Status RejectUnknownFields(const Json& obj, std::initializer_list<std::string_view> allowed,
                           std::string_view where = "");

// Typed field access for request bodies. Each returns INVALID_ARGUMENT naming the field when the
// field has the wrong type (or, for Required*, is missing). Optional* return nullopt when absent or
// null.
Result<std::string> RequiredString(const Json& obj, std::string_view field);
Result<std::optional<std::string>> OptionalString(const Json& obj, std::string_view field);
Result<std::optional<int64_t>> OptionalInt(const Json& obj, std::string_view field);
Result<std::optional<bool>> OptionalBool(const Json& obj, std::string_view field);

// Serialises without throwing on invalid UTF-8 (invalid bytes are replaced with U+FFFD).
std::string DumpJson(const Json& value, int indent = -1);

}  // namespace lakehouse
