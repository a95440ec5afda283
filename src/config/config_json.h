// ConfigToJson: the effective configuration as JSON, for logging it once at start-up and for
// comparing configs in tests. Keys mirror the TOML layout ({"server": {"port": 3100}, ...}) and
// come from the key table, so every configurable key appears, including defaults.
//
// Thread-safety: stateless, safe from any thread.
#pragma once

#include "common/json.h"
#include "config/config.h"

namespace lakehouse {

// With redact_secrets, secret keys (server.api_keys, ai.openai_api_key) have each entry replaced
// by "***": the count stays visible (authentication on or off, how many keys) but no key leaks
// into logs or GET /system/config; credentials inside any URL ("https://user:pw@host") become
// "https://***@host".
Json ConfigToJson(const Config& config, bool redact_secrets);

}  // namespace lakehouse
