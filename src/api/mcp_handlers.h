// Handler for /mcp (issue 21): the Model Context Protocol's Streamable HTTP transport, stateless
// (no session ids, no server-initiated stream). POST carries one JSON-RPC message (anything else —
// not JSON, a batch, not JSON-RPC 2.0 — is 400 in our error shape): a request is
// answered with its JSON-RPC response (application/json), a notification or client response with
// 202 and no body. GET (a server stream) is not offered: 405, as the transport allows.
//
// Before any message is read:
//   - DNS rebinding protection: a request with an Origin header must come from a loopback origin
//     (localhost, 127.0.0.1, [::1]), the origin of the Host it was sent to, or an origin listed in
//     server.cors_allowed_origins; otherwise 403;
//   - an MCP-Protocol-Version header, when present, must name a supported revision; otherwise 400.
// Authentication is the server's (the same API keys: Authorization: Bearer or X-API-Key).
//
// Thread-safety: thread-safe (stateless over a thread-safe McpServer).
#pragma once

#include <string>
#include <vector>

#include "http/http_types.h"
#include "mcp/mcp_server.h"

namespace lakehouse {

class McpHandlers {
 public:
  McpHandlers(McpServer* mcp, std::vector<std::string> allowed_origins)
      : mcp_(mcp), allowed_origins_(std::move(allowed_origins)) {}

  // POST /mcp
  Result<HttpResponse> Post(HttpRequest& request);

  // Whether `origin` (an Origin header's value) may talk to a server reached as `host` (the Host
  // header's value).
  static bool OriginAllowed(std::string_view origin, std::string_view host);

 private:
  McpServer* const mcp_;
  const std::vector<std::string> allowed_origins_;  // server.cors_allowed_origins
};

}  // namespace lakehouse
