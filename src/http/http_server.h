// HttpServer: serves a RouteTable over HTTP/1.1. The only class that knows libmicrohttpd (pimpl).
// Event-driven (ADR 005): one libmicrohttpd epoll thread does all socket I/O, so idle, slow or
// half-sent connections hold no thread; a request goes to the RequestWorkers pool (FIFO across
// connections) once its headers (and, for JSON routes, its body) have arrived, and its connection
// is suspended while the handler runs. Upload routes stream their body to the handler through
// HttpExchange. Per request it: assigns a request id (X-Request-Id accepted or generated), applies
// the Host/Origin guard and CORS (request_guard.h), matches the route (404/405 as JSON, HEAD served
// by GET routes), checks the API key when keys are configured (except public routes), enforces the
// body size limit (413) and the JSON media type (415), calls the handler inside a last-resort catch
// (500, server keeps serving), maps a failed Status to the one JSON error shape, records metrics
// and writes one access-log line. Responses that keep the connection announce
// `Keep-Alive: timeout=`. A handler may answer later (HttpResponse::deferred): its worker is
// freed and the connection waits suspended (deferred_responses.h). Whole-request deadlines cut
// connections whose request line, headers or body take too long in total (request_deadlines.h).
//
// Thread-safety: Bind/Run/Shutdown may be called from different threads; handlers run concurrently
// on the worker pool and must be thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "common/result.h"
#include "http/http_metrics.h"
#include "http/http_server_options.h"
#include "http/route_table.h"

namespace lakehouse {

class HttpServer {
 public:
  // `routes` and `metrics` must outlive the server.
  HttpServer(const HttpServerOptions& options, const RouteTable* routes, HttpMetrics* metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; with port 0 an ephemeral port is chosen (see port()).
  Status Bind();
  int port() const;

  // Serves until Shutdown(); returns after the worker pool has drained.
  Status Run();

  // Stops accepting connections and waits up to `grace` for in-flight requests to finish (their
  // responses sent). Returns true when none are left. Idle keep-alive connections do not count
  // as in flight; they are closed when the server is destroyed.
  bool Shutdown(std::chrono::milliseconds grace);

  int64_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakehouse
