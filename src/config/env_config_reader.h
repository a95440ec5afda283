// Reads LAKEHOUSE_* environment variables into a Config, on top of the values it already holds.
// Which variable sets which key is declared in the key table (config/config_keys.h); keys without
// a variable are file-only.
//
// Value syntax:
//   - strings are taken verbatim;
//   - integers are decimal, surrounding whitespace ignored ("8080", " 8080 "); "8x", "1.5" are
//     errors;
//   - lists are comma-separated, each entry trimmed ("key1, key2"); an empty entry is an error.
// A variable set to the empty string counts as unset, so `LAKEHOUSE_API_KEYS=` in a compose file
// cannot silently switch authentication off; empty lists are set in the config file instead.
//
// Errors are INVALID_ARGUMENT starting "environment variable LAKEHOUSE_X: ...".
// Thread-safety: stateless, safe from any thread (the map is passed in; nothing reads environ).
#pragma once

#include <map>
#include <string>

#include "common/status.h"
#include "config/config.h"

namespace lakehouse {

// Variable naming the TOML file to load; the --config flag takes precedence over it.
inline constexpr const char* kConfigFileEnvVar = "LAKEHOUSE_CONFIG";

// Applies the variables of `env` that the key table names. Others are ignored: LAKEHOUSE_* is
// shared with tooling (ctest sets LAKEHOUSE_SOURCE_DIR), so unknown names cannot be refused.
Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config& config);

}  // namespace lakehouse
