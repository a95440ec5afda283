// A small JSON Schema (2020-12) validator for the subset the route contracts use: type (one or a
// list), enum, const, properties, required, additionalProperties, items, $ref to "#/..." in the
// document, anyOf, oneOf, allOf, minimum, maximum. Debian ships no C++ JSON Schema validator (the
// nlohmann one is not packaged), so the tests carry this one. Unknown keywords (description,
// format, examples, ...) are ignored, as the specification allows.
//
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"

namespace lakehouse::testing {

// Every way `value` breaks `schema`, each as "<json pointer>: <reason>"; empty when it conforms.
// `root` is the document "$ref"s resolve against (the OpenAPI document).
std::vector<std::string> CheckJsonSchema(const Json& schema, const Json& value, const Json& root);

}  // namespace lakehouse::testing
