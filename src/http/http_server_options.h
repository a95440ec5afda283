// Options for the HTTP server adapter. Every field documents its default and trade-off.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lakehouse {

class AccessPolicy;  // access/access_policy.h; http/ only carries it
struct HttpRequest;  // http/http_types.h

// Authentication (issue 20), supplied by the composition root so that http/ does not depend on
// access/. Unset (in-process tests of the adapter): requests carry no policy and the request guard
// treats the server as having no key.
struct HttpAuthenticator {
  // True once any API key exists: every non-public route then needs one, and the Host/Origin
  // guard (request_guard.h) relaxes as for a server with a key.
  std::function<bool()> keys_exist;
  // The policy of a request presenting `api_key` (from X-API-Key, or the token of
  // `Authorization: Bearer`; "" when none): UNAUTHENTICATED when it must not proceed.
  std::function<Result<std::shared_ptr<const AccessPolicy>>(std::string_view api_key)> authenticate;
};

struct HttpServerOptions {
  // Interface to bind. Loopback by default: exposing the server is an explicit choice.
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free ephemeral port (tests), reported by HttpServer::port().
  int port = 3100;
  // Worker threads running handlers. Connections hold no thread (idle, slow or sending a body):
  // this bounds how many handlers run at once; further requests wait in arrival order.
  int threads = 32;
  // Largest request body accepted; larger → 413 with a JSON error. 256 MiB.
  int64_t max_body_bytes = 256LL << 20;
  // Requests served on one keep-alive connection before it is closed (the last response says
  // `Connection: close`).
  int keep_alive_max_count = 10000;
  // Seconds an idle keep-alive connection is kept open, announced in `Keep-Alive: timeout=N`;
  // the server closes it one second later than announced, so clients that honour the
  // announcement close first. Also the longest pause allowed while a request's headers arrive.
  int keep_alive_timeout_s = 5;
  // Once a request's headers have arrived: the longest pause between body bytes (read) and the
  // longest a streamed response waits for a slow reader (write), in seconds.
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  // Whole-request deadlines (request_deadlines.h), whatever the pauses between bytes: a request's
  // headers must be complete within header_timeout_ms of the connection being ready for it
  // (accepted, or its previous response sent), and its body within body_timeout_ms plus one
  // second per body_min_bytes_per_s bytes received (a minimum average rate after a grace
  // period). Past either, the connection is closed without an answer. A slow client costs a
  // socket until then, never a thread.
  int64_t header_timeout_ms = 10'000;
  int64_t body_timeout_ms = 30'000;
  int64_t body_min_bytes_per_s = 64 * 1024;
  // Bootstrap API keys (server.api_keys), each an admin principal. The server itself does not
  // read them: access/ does, and answers through `authenticator`. With no key at all (here or
  // created through /access/keys) the server runs in single-user dev mode and, so that a web page
  // cannot use it through the operator's browser, only loopback Host values are accepted and
  // cross-origin requests not listed below are refused (request_guard.h).
  std::vector<std::string> api_keys;
  // Who each request is (see HttpAuthenticator); set by the composition root, not configured.
  HttpAuthenticator authenticator;
  // Called for every request answered before any handler ran — unknown route (404), wrong method
  // (405), no or a revoked key (401), body too large (413), wrong media type (415), a refused
  // Host/Origin, a CORS preflight — with the request as screened (its policy set once
  // authenticated, path parameters once routed), the matched route's operation id ("" when none)
  // and the status. On the network thread: must be quick. Set by the composition root (the audit
  // log), not configured; unset = nothing called.
  std::function<void(const HttpRequest& request, std::string_view operation, int status)>
      on_answered_early;
  // Origins allowed by CORS ("*" allows any). Empty (the default) → no CORS headers, and without
  // an API key every cross-origin request is refused.
  std::vector<std::string> cors_allowed_origins;
};

}  // namespace lakehouse
