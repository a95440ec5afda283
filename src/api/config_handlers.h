// Handlers for GET /system/config: the server's effective configuration (defaults < TOML file <
// LAKEHOUSE_* variables < flags, as loaded at start-up) for the web UI's System page and for
// operators. Admins only (it names paths and hosts); secrets are redacted the way the start-up log
// redacts them (config/config_json.h: API keys, the OpenAI key, credentials inside URLs).
//
// Thread-safety: thread-safe (reads an immutable Config).
#pragma once

#include "config/config.h"
#include "http/http_types.h"

namespace lakehouse {

class ConfigHandlers {
 public:
  // `config` must outlive the handlers.
  explicit ConfigHandlers(const Config* config) : config_(config) {}

  // 200 {"config": {...}, "redacted": [paths]}; 403 unless the caller is an admin.
  Result<HttpResponse> Get(HttpRequest& request);

 private:
  const Config* const config_;
};

}  // namespace lakehouse
