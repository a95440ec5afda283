// RequestGuard: the checks that keep a web page the operator happens to open from using the
// server through the operator's browser (issue 15.3). Pure functions of a request's headers and
// the server's options, applied by HttpServer before any route runs.
//
// - DNS rebinding: without an API key, only loopback Host values (localhost, 127.0.0.0/8, ::1) and
//   the configured bind address are accepted; a page at http://evil.example rebound to 127.0.0.1
//   still sends `Host: evil.example`.
// - Cross-origin requests: without an API key, a request carrying an Origin that is neither the
//   server itself nor in cors_allowed_origins is refused (a form POST or `fetch(..., {mode:
//   "no-cors"})` needs no preflight, so CORS headers alone cannot stop it).
// - JSON routes take `Content-Type: application/json` only: `text/plain` makes a CORS "simple"
//   request that skips the preflight.
//
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lakehouse {

// The host part of a Host header value or an origin's authority: "[::1]:3100" → "::1",
// "Example.COM:80" → "example.com".
std::string HostOf(std::string_view authority);

// localhost, *.localhost, 127.0.0.0/8, ::1 (as a Host header value, with or without a port).
bool IsLoopbackHost(std::string_view host_header);

// True for application/json, with optional parameters ("application/json; charset=utf-8").
bool IsJsonContentType(std::string_view content_type);

struct RequestGuardPolicy {
  bool api_key_configured = false;
  std::string bind_host;                          // HttpServerOptions::host
  std::vector<std::string> cors_allowed_origins;  // "*" allows any origin
};

// PERMISSION_DENIED naming the reason when the Host or Origin header is refused by the policy.
Status CheckHostAndOrigin(const RequestGuardPolicy& policy, const std::optional<std::string>& host,
                          const std::optional<std::string>& origin);

// True when `origin` may read responses (cors_allowed_origins holds it or "*").
bool CorsAllows(const std::vector<std::string>& cors_allowed_origins, std::string_view origin);

}  // namespace lakehouse
