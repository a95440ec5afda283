#include "http/http_server.h"

#include <microhttpd.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "common/ids.h"
#include "common/logging.h"
#include "http/client_probe.h"
#include "http/http_server_impl.h"
#include "http/listen_socket.h"
#include "http/multipart_reader.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

using http_server_internal::RequestState;
using http_server_internal::StateRef;
using http_server_internal::SteadyClock;

// Bytes buffered between the network thread and a worker, each way, per request.
constexpr size_t kExchangeBufferBytes = 1 << 20;
// Response bodies are handed to libmicrohttpd in blocks of this size.
constexpr size_t kStreamBlockBytes = 64 * 1024;

bool IsValidRequestId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == ':')) {
      return false;
    }
  }
  return true;
}

}  // namespace

HttpServer::HttpServer(const HttpServerOptions& options, const RouteTable* routes,
                       HttpMetrics* metrics)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->routes = routes;
  impl_->metrics = metrics;
}

HttpServer::~HttpServer() {
  {
    MutexLock lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->stop_requested.notify_all();
  // Deferred answers still pending are answered 503 now: libmicrohttpd cannot stop while their
  // connections are suspended, and their completers may outlive the server.
  impl_->deferred->Close();
  // Handlers still running finish first (they may wait for body bytes or a slow reader only up
  // to their timeouts); libmicrohttpd must not stop while a connection is suspended.
  impl_->workers.reset();
  if (impl_->daemon != nullptr) MHD_stop_daemon(impl_->daemon);
  impl_->deadlines.reset();
  if (impl_->listen_fd >= 0) close(impl_->listen_fd);
}

Status HttpServer::Bind() {
  LH_ASSIGN_OR_RETURN(impl_->listen_fd, ListenOn(impl_->options.host, impl_->options.port));
  impl_->port = BoundPort(impl_->listen_fd);
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

Status HttpServer::Run() {
  Impl& impl = *impl_;
  if (impl.listen_fd < 0) return FailedPrecondition("HttpServer::Run before a successful Bind");
  {
    MutexLock lock(impl.mu);
    if (impl.stopping) return Status::Ok();
    impl.workers =
        std::make_unique<RequestWorkers>(impl.options.threads > 0 ? impl.options.threads : 8);
    impl.deadlines = std::make_unique<RequestDeadlines>(
        RequestDeadlines::Limits{std::chrono::seconds(impl.options.keep_alive_timeout_s + 1),
                                 std::chrono::milliseconds(impl.options.header_timeout_ms),
                                 std::chrono::milliseconds(impl.options.body_timeout_ms),
                                 impl.options.body_min_bytes_per_s});
    // The idle timeout is one second longer than the one announced in `Keep-Alive: timeout=`,
    // so a client that honours the announcement always closes first (issue 16.21).
    const unsigned idle_timeout = static_cast<unsigned>(impl.options.keep_alive_timeout_s) + 1;
    impl.daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0, nullptr, nullptr,
        &Impl::OnRequest, &impl, MHD_OPTION_LISTEN_SOCKET, impl.listen_fd,
        MHD_OPTION_CONNECTION_TIMEOUT, idle_timeout, MHD_OPTION_NOTIFY_COMPLETED,
        &Impl::OnCompleted, &impl, MHD_OPTION_NOTIFY_CONNECTION, &Impl::OnConnection, &impl,
        MHD_OPTION_URI_LOG_CALLBACK, &Impl::OnRequestLine, &impl, MHD_OPTION_UNESCAPE_CALLBACK,
        &Impl::Unescape, &impl, MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(128 * 1024),
        MHD_OPTION_END);
    if (impl.daemon == nullptr) return Internal("cannot start the HTTP server (libmicrohttpd)");
  }
  MutexLock lock(impl.mu);
  impl.stop_requested.wait(lock.native(), [&]() LH_REQUIRES(impl.mu) { return impl.stopping; });
  return Status::Ok();
}

bool HttpServer::Shutdown(std::chrono::milliseconds grace) {
  Impl& impl = *impl_;
  {
    MutexLock lock(impl.mu);
    impl.stopping = true;
    // Stop accepting; connections already open are still served.
    if (impl.daemon != nullptr) {
      MHD_socket fd = MHD_quiesce_daemon(impl.daemon);
      if (fd >= 0 && fd == impl.listen_fd) {
        close(impl.listen_fd);
        impl.listen_fd = -1;
      }
    }
  }
  impl.stop_requested.notify_all();
  auto deadline = SteadyClock::now() + grace;
  while (impl.in_flight.load() > 0 && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return impl.in_flight.load() == 0;
}

int64_t HttpServer::in_flight() const { return impl_->in_flight.load(); }

// ---- network thread --------------------------------------------------------------------------

// libmicrohttpd hands us the path and query parameters as C strings after decoding them, so "a%00b"
// would arrive as "a": remember the connection and refuse the request instead.
size_t HttpServer::Impl::Unescape(void* cls, MHD_Connection* connection, char* text) {
  for (const char* p = std::strchr(text, '%'); p != nullptr; p = std::strchr(p + 1, '%')) {
    if (p[1] == '0' && p[2] == '0') {
      static_cast<Impl*>(cls)->encoded_nul.insert(connection);
      break;
    }
  }
  return MHD_http_unescape(text);
}

// The request line has arrived (before its headers): the header deadline starts.
void* HttpServer::Impl::OnRequestLine(void* cls, const char*, MHD_Connection* connection) {
  static_cast<Impl*>(cls)->deadlines->RequestLine(connection);
  return nullptr;  // con_cls stays unset until the headers are in (OnRequest)
}

void HttpServer::Impl::OnConnection(void* cls, MHD_Connection* connection, void** socket_context,
                                    MHD_ConnectionNotificationCode toe) {
  Impl& impl = *static_cast<Impl*>(cls);
  impl.encoded_nul.erase(connection);
  // Requests served on this connection, for keep_alive_max_count.
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    *socket_context = new int64_t(0);
    if (const MHD_ConnectionInfo* info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
      impl.deadlines->Opened(connection, info->connect_fd);
    }
  } else {
    impl.deadlines->Closed(connection);
    delete static_cast<int64_t*>(*socket_context);
    *socket_context = nullptr;
  }
}

StateRef HttpServer::Impl::Begin(MHD_Connection* connection, const char* url, const char* method) {
  deadlines->HeadersDone(connection);
  auto state = std::make_shared<RequestState>();
  state->connection = connection;
  state->method = method;
  state->encoded_nul = encoded_nul.erase(connection) > 0;
  HttpRequest& request = state->request;
  request.path = url;
  MHD_get_connection_values(
      connection, MHD_HEADER_KIND,
      [](void* cls, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
        static_cast<HttpHeaders*>(cls)->emplace(key, value == nullptr ? "" : value);
        return MHD_YES;
      },
      &request.headers);
  MHD_get_connection_values(
      connection, MHD_GET_ARGUMENT_KIND,
      [](void* cls, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
        static_cast<std::multimap<std::string, std::string>*>(cls)->emplace(
            key, value == nullptr ? "" : value);
        return MHD_YES;
      },
      &request.query);
  std::string incoming_id = request.Header("X-Request-Id").value_or("");
  request.request_id = IsValidRequestId(incoming_id) ? incoming_id : NewRequestId();
  if (const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) {
    request.remote_addr = AddressText(info->client_addr);
  }
  if (const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
    auto probe = std::make_shared<ClientProbe>(info->connect_fd);
    request.client_gone = [probe] { return probe->Gone(); };
  }
  if (const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT)) {
    if (auto* served = static_cast<int64_t*>(info->socket_context)) {
      state->close_after = ++*served >= options.keep_alive_max_count;
    }
  }
  // Headers arrived: the rest of this request (body, handler, response) may take read_timeout_s
  // between bytes instead of the idle timeout; OnCompleted restores it for the next request.
  MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                            static_cast<unsigned>(options.read_timeout_s));
  return state;
}

void HttpServer::Impl::Submit(const StateRef& state) {
  // In flight until its response has been sent (OnCompleted), so a graceful shutdown does not
  // close a connection whose answer is still being written.
  state->submitted = true;
  in_flight.fetch_add(1);
  workers->Submit([this, state] { Handle(state); });
}

MHD_Result HttpServer::Impl::OnRequest(void* cls, MHD_Connection* connection, const char* url,
                                       const char* method, const char*, const char* upload_data,
                                       size_t* upload_data_size, void** con_cls) {
  Impl& impl = *static_cast<Impl*>(cls);
  if (*con_cls == nullptr) {  // the headers have arrived
    StateRef state = impl.Begin(connection, url, method);
    RequestState& s = *state;
    s.exchange = std::make_shared<HttpExchange>(
        [connection] { MHD_suspend_connection(connection); },
        [connection] { MHD_resume_connection(connection); }, kExchangeBufferBytes);
    *con_cls = new StateRef(state);
    s.early = impl.Screen(s);
    if (s.early) return impl.Queue(s, std::move(*s.early));
    if (s.streamed_body) {
      std::weak_ptr<HttpExchange> exchange = s.exchange;
      const auto idle = std::chrono::seconds(impl.options.read_timeout_s);
      s.request.read_body = [exchange, idle](const BodyChunkSink& sink) -> Status {
        auto e = exchange.lock();
        if (!e) return Cancelled("the request ended");
        return e->ReadBody(sink, idle);
      };
      HttpRequest* request = &s.request;
      s.request.read_multipart = [request](
                                     const std::function<bool(const MultipartPartHeader&)>& on_part,
                                     const BodyChunkSink& on_chunk) -> Status {
        LH_ASSIGN_OR_RETURN(
            std::string boundary,
            MultipartReader::BoundaryOf(request->Header("Content-Type").value_or("")));
        MultipartReader parser(std::move(boundary), on_part, on_chunk);
        Status parsed;
        Status read = request->read_body([&](std::string_view chunk) {
          parsed = parser.Feed(chunk);
          return parsed.ok();
        });
        LH_RETURN_IF_ERROR(parsed);
        LH_RETURN_IF_ERROR(read);
        return parser.Finish();
      };
      impl.Submit(state);  // the handler starts now and pulls the body as it arrives
    }
    return MHD_YES;
  }

  RequestState& s = **static_cast<StateRef*>(*con_cls);
  if (s.exchange->closed()) return MHD_NO;
  if (*upload_data_size > 0) {
    if (s.streamed_body) {
      if (s.exchange->response_ready()) {
        *upload_data_size = 0;  // the handler answered early: drain the rest
      } else {
        const size_t taken = s.exchange->OfferBody(upload_data, *upload_data_size);
        impl.deadlines->BodyBytes(connection, taken);
        impl.deadlines->BodyPaused(connection, taken == 0);  // suspended until the handler reads
        *upload_data_size -= taken;
      }
    } else {
      impl.deadlines->BodyBytes(connection, *upload_data_size);
      const size_t size = *upload_data_size;
      if (static_cast<int64_t>(s.request.body.size() + size) > impl.options.max_body_bytes) {
        s.body_too_large = true;
        s.request.body.clear();
      } else if (!s.body_too_large) {
        s.request.body.append(upload_data, size);
      }
      *upload_data_size = 0;
    }
    return MHD_YES;
  }

  // The request has been received completely.
  impl.deadlines->BodyDone(connection);
  if (s.streamed_body) {
    s.exchange->FinishBody();
  } else if (!s.submitted) {
    if (s.body_too_large) {
      return impl.Queue(
          s, ErrorResponse(PayloadTooLarge("request body exceeds the limit of ",
                                           std::to_string(impl.options.max_body_bytes), " bytes"),
                           s.request.request_id));
    }
    impl.Submit(*static_cast<StateRef*>(*con_cls));
  }
  std::optional<HttpResponse> response = s.exchange->TakeResponseOrSuspend();
  if (!response) return MHD_YES;  // suspended until the worker answers
  return impl.Queue(s, std::move(*response));
}

MHD_Result HttpServer::Impl::Queue(RequestState& state, HttpResponse response) {
  deadlines->BodyDone(state.connection);  // answered: the rest is the response's
  if (!state.submitted) {                 // answered here, without a worker
    Finish(state, response);
    Log(state, response.status, static_cast<int64_t>(response.body.size()));
    if (options.on_answered_early) {
      options.on_answered_early(state.request,
                                state.route != nullptr ? state.route->spec.operation_id : "",
                                response.status);
    }
  }
  MHD_Response* out = nullptr;
  if (response.stream) {
    out = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, kStreamBlockBytes, &Impl::ReadStream,
                                            new std::shared_ptr<HttpExchange>(state.exchange),
                                            &Impl::FreeStream);
  } else {
    auto* body = new std::string(std::move(response.body));
    out = MHD_create_response_from_buffer_with_free_callback_cls(
        body->size(), body->data(), [](void* cls) { delete static_cast<std::string*>(cls); }, body);
  }
  if (out == nullptr) return MHD_NO;
  for (const auto& [k, v] : response.headers) {
    if (strcasecmp(k.c_str(), "Connection") != 0)
      MHD_add_response_header(out, k.c_str(), v.c_str());
  }
  if (!response.content_type.empty()) {
    MHD_add_response_header(out, "Content-Type", response.content_type.c_str());
  }
  if (state.close_after || response.headers.count("Connection") > 0) {
    MHD_add_response_header(out, "Connection", "close");
  } else {
    // Tell keep-alive clients how long an idle connection stays open (issue 16.21).
    const std::string keep_alive = "timeout=" + std::to_string(options.keep_alive_timeout_s);
    MHD_add_response_header(out, "Keep-Alive", keep_alive.c_str());
  }
  MHD_Result queued =
      MHD_queue_response(state.connection, static_cast<unsigned>(response.status), out);
  MHD_destroy_response(out);
  return queued;
}

ssize_t HttpServer::Impl::ReadStream(void* cls, uint64_t, char* buf, size_t max) {
  auto& exchange = *static_cast<std::shared_ptr<HttpExchange>*>(cls);
  int64_t n = exchange->ReadStream(buf, max);
  if (n == -1) return MHD_CONTENT_READER_END_OF_STREAM;
  if (n == -2) return MHD_CONTENT_READER_END_WITH_ERROR;
  return static_cast<ssize_t>(n);  // 0: suspended until the writer adds a chunk
}

void HttpServer::Impl::FreeStream(void* cls) {
  auto* exchange = static_cast<std::shared_ptr<HttpExchange>*>(cls);
  (*exchange)->Close();  // a writer still waiting for room gives up
  delete exchange;
}

void HttpServer::Impl::OnCompleted(void* cls, MHD_Connection* connection, void** con_cls,
                                   MHD_RequestTerminationCode) {
  Impl& impl = *static_cast<Impl*>(cls);
  if (*con_cls != nullptr) {
    auto* state = static_cast<StateRef*>(*con_cls);
    (*state)->exchange->Close();  // wakes a handler still waiting for body bytes
    if ((*state)->submitted) impl.in_flight.fetch_sub(1);
    delete state;
    *con_cls = nullptr;
  }
  MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                            static_cast<unsigned>(impl.options.keep_alive_timeout_s) + 1);
  impl.deadlines->AwaitNext(connection);
}

}  // namespace lakehouse
