// TomlToJson: a TOML document as JSON, for data kept in TOML files that is not configuration
// (the tool registry's <data_dir>/tools/*.toml). Tables become objects, arrays arrays, and
// strings, integers, floats and booleans the matching JSON values; dates and times become their
// TOML text. Syntax errors are INVALID_ARGUMENT "<source>, line N, column M: ...".
//
// Thread-safety: a pure function.
#pragma once

#include <string_view>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

Result<Json> TomlToJson(std::string_view text, std::string_view source_name);

}  // namespace lakehouse
