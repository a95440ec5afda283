// Authentication of gRPC calls with the HTTP API's keys and policies. A call presents its key in
// metadata — `x-api-key: <key>` or `authorization: Bearer <key>` — and a KeyAuthenticator turns
// it into the caller's AccessPolicy (access/access_policy.h), exactly as the HTTP server does for
// X-API-Key. The authenticator is injected by the composition root, so this layer never learns
// how keys are stored.
//
// Thread-safety: the functions are thread-safe; a KeyAuthenticator must be too.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "common/result.h"

namespace grpc {
class ServerContext;
}  // namespace grpc

namespace lakehouse {

// A presented key ("" when none was) → the principal's policy; UNAUTHENTICATED when the key is
// missing or unknown.
using KeyAuthenticator =
    std::function<Result<std::shared_ptr<const AccessPolicy>>(std::string_view key)>;

// The configured `server.api_keys`: none → dev mode (every call, with or without a key, is the
// dev-mode admin, AccessPolicy::DevMode); otherwise a listed key (compared in constant time) is
// an unrestricted principal "api-key" and anything else is UNAUTHENTICATED — what the HTTP
// server's X-API-Key check allows today.
KeyAuthenticator ConfiguredKeysAuthenticator(std::vector<std::string> api_keys);

// The key a call presents: `x-api-key`, else the token of `authorization: Bearer <token>`, else "".
std::string PresentedKey(const grpc::ServerContext& context);

}  // namespace lakehouse
