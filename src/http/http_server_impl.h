// Internal to HttpServer's translation units: its Impl and the per-request state they share.
// http_server.cc holds the server's lifecycle and the network side (libmicrohttpd's callbacks on
// its event thread: connections, request bodies, queuing responses); http_server_dispatch.cc
// holds request dispatch (screening a request and matching its route before any handler runs)
// and the worker side (running the handler, deferring it, stamping and logging the answer).
// Not part of the API; include only from those files.
#pragma once

#include <microhttpd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "common/mutex.h"
#include "http/deferred_responses.h"
#include "http/http_exchange.h"
#include "http/http_server.h"
#include "http/request_deadlines.h"
#include "http/request_workers.h"

namespace lakehouse {
namespace http_server_internal {

using SteadyClock = std::chrono::steady_clock;

// One request, from its headers to the end of its response. Shared by the network thread
// (libmicrohttpd's callbacks hold it through con_cls) and the worker running its handler.
struct RequestState {
  MHD_Connection* connection = nullptr;
  std::shared_ptr<HttpExchange> exchange;
  HttpRequest request;
  std::string method;
  const Route* route = nullptr;
  SteadyClock::time_point start = SteadyClock::now();
  bool close_after = false;           // keep_alive_max_count reached on this connection
  bool submitted = false;             // the handler was handed to a worker
  bool streamed_body = false;         // the handler pulls the body (uploads)
  bool body_too_large = false;        // a whole body grew past max_body_bytes
  bool encoded_nul = false;           // the path or query held %00
  std::optional<HttpResponse> early;  // answered before any handler runs
};

// libmicrohttpd keeps one raw pointer per request (con_cls); it owns one reference.
using StateRef = std::shared_ptr<RequestState>;

}  // namespace http_server_internal

struct HttpServer::Impl {
  using RequestState = http_server_internal::RequestState;
  using StateRef = http_server_internal::StateRef;

  HttpServerOptions options;
  const RouteTable* routes = nullptr;
  HttpMetrics* metrics = nullptr;
  int listen_fd = -1;
  int port = -1;
  MHD_Daemon* daemon = nullptr;
  std::unique_ptr<RequestWorkers> workers;
  std::unique_ptr<RequestDeadlines> deadlines;  // set before the daemon starts
  std::atomic<int64_t> in_flight{0};

  // Connections whose current request line held %00 (network thread only; see Unescape).
  std::unordered_set<MHD_Connection*> encoded_nul;

  Mutex mu;
  std::condition_variable stop_requested;
  bool stopping LH_GUARDED_BY(mu) = false;

  // Requests whose answer is deferred (?wait=true), holding no worker.
  std::unique_ptr<DeferredResponses> deferred = std::make_unique<DeferredResponses>();

  // ---- network thread (libmicrohttpd callbacks) ----
  static MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url,
                              const char* method, const char* version, const char* upload_data,
                              size_t* upload_data_size, void** con_cls);
  static void OnCompleted(void* cls, MHD_Connection* connection, void** con_cls,
                          MHD_RequestTerminationCode toe);
  static void OnConnection(void* cls, MHD_Connection* connection, void** socket_context,
                           MHD_ConnectionNotificationCode toe);
  static size_t Unescape(void* cls, MHD_Connection* connection, char* text);
  static void* OnRequestLine(void* cls, const char* uri, MHD_Connection* connection);
  static ssize_t ReadStream(void* cls, uint64_t pos, char* buf, size_t max);
  static void FreeStream(void* cls);

  StateRef Begin(MHD_Connection* connection, const char* url, const char* method);
  // Returns a response when the request is answered before any handler runs.
  std::optional<HttpResponse> Screen(RequestState& state);
  void Submit(const StateRef& state);
  MHD_Result Queue(RequestState& state, HttpResponse response);

  // ---- worker threads ----
  void Handle(const StateRef& state);
  void Finish(RequestState& state, HttpResponse& response) const;
  // Parks a request whose handler answered HttpResponse::deferred: the worker returns at once.
  void Defer(const StateRef& state, std::function<void(ResponseCompleter)> start);
  void Log(const RequestState& state, int status, int64_t bytes) const;
};

}  // namespace lakehouse
