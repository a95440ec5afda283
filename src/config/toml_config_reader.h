// Reads a TOML configuration document into a Config, on top of the values it already holds (so a
// file only overrides what it mentions). This is the only file that includes toml++; its parse
// exceptions are caught here and returned as Status.
//
// Every error is INVALID_ARGUMENT and starts with "config file <name>, line N" so the user can
// find the spot: syntax errors (with column), unknown keys (typos never pass silently, with a
// "did you mean" hint), wrong value types (naming the expected type) and values out of range
// (per the key table, config/config_keys.h). Cross-key rules are checked later by ValidateConfig.
//
// Thread-safety: stateless functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "config/config.h"

namespace lakehouse {

// Applies the keys of TOML `text` to `config`. `source_name` names the document in messages
// (normally its path). [[storage.buckets]], when present, replaces the configured bucket list.
// On error `config` may be partly updated; callers discard it.
Status ApplyTomlText(std::string_view text, std::string_view source_name, Config& config);

// Reads the file at `path` and applies it like ApplyTomlText. A missing or unreadable file is an
// error naming the path and, when given, who named it (`named_by`, e.g. "flag --config"); there
// is no silent fallback to defaults.
Status ApplyTomlFile(const std::string& path, Config& config, std::string_view named_by = {});

}  // namespace lakehouse
