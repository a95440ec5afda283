#include "http/http_server.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "common/ids.h"
#include "common/logging.h"
#include "http/client_probe.h"
#include "http/multipart_reader.h"
#include "http/request_guard.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

using SteadyClock = std::chrono::steady_clock;

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

// Constant-time comparison so the API-key check leaks no prefix length through timing.
bool SecureEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string JoinMethods(const std::vector<HttpMethod>& methods) {
  std::string out;
  for (HttpMethod m : methods) {
    if (!out.empty()) out += ", ";
    out += HttpMethodName(m);
    if (m == HttpMethod::kGet) out += ", HEAD";
  }
  return out;
}

// Reads the request body through `reader` as raw bytes, whatever its Content-Type.
//
// cpp-httplib 0.11 runs its own multipart/form-data parser inside ContentReader whenever the
// request's Content-Type starts with "multipart/form-data" (Request::is_multipart_form_data(), in
// the compiled library), even for the single-callback reader, which then has no part callbacks to
// call. That parser also copies and searches the body about a byte at a time (≈ 150 ms per
// 100 MB). We parse multipart ourselves (MultipartReader), so while the body is read the request's
// Content-Type is masked and then restored, by a guard so an exception cannot leave it masked.
// This is the only place that alters cpp-httplib's request: `req` is its own non-const object,
// handed to us as const and used by this thread alone. Handlers never see the masked value
// (PrepareRequest copied the headers before any body is read).
bool ReadRawBody(const httplib::Request& req, const httplib::ContentReader& reader,
                 const std::function<bool(const char*, size_t)>& receiver) {
  class ContentTypeMask {
   public:
    explicit ContentTypeMask(httplib::Headers& headers) : headers_(headers) {
      auto [begin, end] = headers_.equal_range("Content-Type");
      for (auto it = begin; it != end; ++it) {
        saved_.push_back(std::move(it->second));
        it->second = "application/octet-stream";
      }
    }
    ~ContentTypeMask() {
      auto [begin, end] = headers_.equal_range("Content-Type");
      size_t i = 0;
      for (auto it = begin; it != end && i < saved_.size(); ++it)
        it->second = std::move(saved_[i++]);
    }
    ContentTypeMask(const ContentTypeMask&) = delete;
    ContentTypeMask& operator=(const ContentTypeMask&) = delete;

   private:
    httplib::Headers& headers_;
    std::vector<std::string> saved_;
  };
  ContentTypeMask mask(const_cast<httplib::Request&>(req).headers);
  return reader(receiver);
}

// cpp-httplib's default sets SO_REUSEPORT as well, which lets a second server bind the same port
// and the kernel split connections between the two at random (issue 16.1). SO_REUSEADDR alone
// still allows a restart while old connections sit in TIME_WAIT.
void ListeningSocketOptions(int sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

// cpp-httplib reports a failed bind as -1 without errno: bind a throwaway socket the same way to
// tell "another process listens there" from other causes.
std::string BindFailureReason(const HttpServerOptions& options) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options.port);
  if (getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return "the host cannot be resolved";
  }
  std::string reason = "the address is not available";
  const int sock = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (sock >= 0) {
    ListeningSocketOptions(sock);
    if (bind(sock, found->ai_addr, found->ai_addrlen) != 0) {
      reason = errno == EADDRINUSE ? "the port is already in use (is another server running?)"
                                   : std::string(std::strerror(errno));
    }
    close(sock);
  }
  freeaddrinfo(found);
  return reason;
}

HttpResponse UnsupportedMediaType(std::string_view content_type, const std::string& request_id) {
  return HttpResponse::JsonBody(
      ErrorJson("UNSUPPORTED_MEDIA_TYPE",
                StrCat("this route takes a JSON body with Content-Type: application/json, got '",
                       content_type, "'"),
                request_id),
      415);
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  const RouteTable* routes;
  HttpMetrics* metrics;
  httplib::Server server;
  std::atomic<int64_t> in_flight{0};
  int port = -1;

  void Install();
  void Dispatch(const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader);
  // Returns a response when the request is answered before the handler runs. Sets *body_consumed
  // once the request body has been read completely.
  std::optional<HttpResponse> PrepareRequest(const httplib::Request& req,
                                             const httplib::ContentReader* reader, HttpRequest* out,
                                             const Route** route,
                                             std::shared_ptr<bool> body_consumed);
  void ApplyCors(const httplib::Request& req, HttpResponse* resp) const;
  // Moves resp's body into res (a search batch's response is a few hundred KB).
  void Write(HttpResponse& resp, httplib::Response& res) const;
  Status ReadWholeBody(const httplib::Request& req, const httplib::ContentReader& reader,
                       std::string* body) const;
};

HttpServer::HttpServer(const HttpServerOptions& options, const RouteTable* routes,
                       HttpMetrics* metrics)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->routes = routes;
  impl_->metrics = metrics;
  impl_->Install();
}

HttpServer::~HttpServer() {
  if (impl_->server.is_running()) impl_->server.stop();
}

void HttpServer::Impl::Install() {
  int threads = options.threads > 0 ? options.threads : 8;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_socket_options(ListeningSocketOptions);
  server.set_keep_alive_max_count(options.keep_alive_max_count);
  server.set_keep_alive_timeout(options.keep_alive_timeout_s);
  server.set_read_timeout(options.read_timeout_s);
  server.set_write_timeout(options.write_timeout_s);
  server.set_payload_max_length(static_cast<size_t>(options.max_body_bytes));

  auto plain = [this](const httplib::Request& req, httplib::Response& res) {
    Dispatch(req, res, nullptr);
  };
  auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) { Dispatch(req, res, &reader); };
  server.Get(".*", plain);
  server.Options(".*", plain);
  server.Post(".*", with_body);
  server.Put(".*", with_body);
  server.Patch(".*", with_body);
  server.Delete(".*", with_body);

  // Errors cpp-httplib produces itself (e.g. a body over the limit before routing, a malformed
  // request line) get the same JSON shape as ours.
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                     httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string id = NewRequestId();
    std::string code = res.status == 413   ? "PAYLOAD_TOO_LARGE"
                       : res.status == 404 ? "NOT_FOUND"
                                           : "INVALID_ARGUMENT";
    std::string message = res.status == 413 ? "request body exceeds the configured limit"
                                            : "request could not be processed";
    res.set_header("X-Request-Id", id);
    res.set_content(DumpJson(ErrorJson(code, message, id)), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(on_error);
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        std::string id = NewRequestId();
        res.status = 500;
        res.set_content(DumpJson(ErrorJson("INTERNAL", "internal error", id)), "application/json");
      });
}

Status HttpServer::Impl::ReadWholeBody(const httplib::Request& req,
                                       const httplib::ContentReader& reader,
                                       std::string* body) const {
  bool too_large = false;
  bool ok = ReadRawBody(req, reader, [&](const char* data, size_t len) {
    if (static_cast<int64_t>(body->size() + len) > options.max_body_bytes) {
      too_large = true;
      return false;
    }
    body->append(data, len);
    return true;
  });
  if (too_large || (!ok && body->size() >= static_cast<size_t>(options.max_body_bytes))) {
    return PayloadTooLarge("request body exceeds the limit of ",
                           std::to_string(options.max_body_bytes), " bytes");
  }
  if (!ok) return InvalidArgument("request body could not be read (too large or truncated)");
  return Status::Ok();
}

std::optional<HttpResponse> HttpServer::Impl::PrepareRequest(const httplib::Request& req,
                                                             const httplib::ContentReader* reader,
                                                             HttpRequest* out, const Route** route,
                                                             std::shared_ptr<bool> body_consumed) {
  auto method = ParseHttpMethod(req.method);
  if (!method)
    return ErrorResponse(InvalidArgument("unsupported method ", req.method), out->request_id);
  out->method = *method;
  std::string target = req.target.substr(0, req.target.find('?'));
  out->path = req.path;
  for (const auto& [k, v] : req.headers) out->headers.emplace(k, v);
  for (const auto& [k, v] : req.params) out->query.emplace(k, v);
  out->remote_addr = req.remote_addr;
  auto probe = std::make_shared<ClientProbe>(req.local_addr, req.local_port, req.remote_addr,
                                             req.remote_port);
  out->client_gone = [probe] { return probe->Gone(); };

  const std::optional<std::string> origin =
      req.has_header("Origin") ? std::optional<std::string>(req.get_header_value("Origin"))
                               : std::nullopt;
  const std::optional<std::string> host =
      req.has_header("Host") ? std::optional<std::string>(req.get_header_value("Host"))
                             : std::nullopt;
  Status guard = CheckHostAndOrigin(
      {!options.api_keys.empty(), options.host, options.cors_allowed_origins}, host, origin);
  if (!guard.ok()) return ErrorResponse(guard, out->request_id);

  if (*method == HttpMethod::kOptions) {
    // CORS preflight: granted only to an allowed origin, and only for the methods the path serves.
    RouteTable::Match m = routes->Find(HttpMethod::kOptions, target);
    if (m.allowed_methods.empty()) {
      return ErrorResponse(NotFound("no route for OPTIONS ", out->path), out->request_id);
    }
    HttpResponse r = HttpResponse::NoContent();
    if (origin && CorsAllows(options.cors_allowed_origins, *origin)) {
      r.headers["Access-Control-Allow-Methods"] = JoinMethods(m.allowed_methods);
      r.headers["Access-Control-Allow-Headers"] =
          "Content-Type, X-API-Key, X-Request-Id, X-Lakehouse-Bucket";
      r.headers["Access-Control-Max-Age"] = "600";
    }
    return r;
  }

  // HEAD is served by the GET route; cpp-httplib sends the headers without the body.
  const HttpMethod lookup = *method == HttpMethod::kHead ? HttpMethod::kGet : *method;
  RouteTable::Match match = routes->Find(lookup, target);
  if (match.route == nullptr) {
    if (!match.allowed_methods.empty()) {
      return MethodNotAllowedResponse(
          StrCat("method ", req.method, " is not allowed on ", out->path),
          JoinMethods(match.allowed_methods), out->request_id);
    }
    return ErrorResponse(NotFound("no route for ", req.method, " ", out->path), out->request_id);
  }
  *route = match.route;
  out->path_params = std::move(match.params);

  if (!options.api_keys.empty() && !match.route->spec.public_route) {
    std::string key = req.get_header_value("X-API-Key");
    bool accepted = false;
    for (const std::string& k : options.api_keys) accepted |= SecureEquals(key, k);
    if (!accepted) {
      return ErrorResponse(
          Unauthenticated(key.empty() ? "missing X-API-Key header" : "invalid API key"),
          out->request_id);
    }
  }

  int64_t declared = -1;
  if (reader != nullptr && req.has_header("Content-Length")) {
    try {
      declared = std::stoll(req.get_header_value("Content-Length"));
    } catch (const std::exception&) {
      return ErrorResponse(InvalidArgument("malformed Content-Length header"), out->request_id);
    }
    if (declared < 0) {
      return ErrorResponse(InvalidArgument("negative Content-Length header"), out->request_id);
    }
    if (declared > options.max_body_bytes) {
      return ErrorResponse(PayloadTooLarge("request body of ", std::to_string(declared),
                                           " bytes exceeds the limit of ",
                                           std::to_string(options.max_body_bytes), " bytes"),
                           out->request_id);
    }
  }
  const bool has_body = declared > 0 || req.has_header("Transfer-Encoding");
  if (reader != nullptr && has_body && !match.route->spec.stream_body) {
    std::string content_type = req.get_header_value("Content-Type");
    if (!IsJsonContentType(content_type))
      return UnsupportedMediaType(content_type, out->request_id);
  }
  if (reader == nullptr) {
    out->body = req.body;
  } else if (match.route->spec.stream_body) {
    out->read_body = [&req, reader, body_consumed](const BodyChunkSink& sink) -> Status {
      bool ok = ReadRawBody(req, *reader,
                            [&](const char* d, size_t n) { return sink(std::string_view(d, n)); });
      *body_consumed = ok;
      return ok ? Status::Ok() : InvalidArgument("request body could not be read");
    };
    out->read_multipart = [&req, reader, body_consumed](
                              const std::function<bool(const MultipartPartHeader&)>& on_part,
                              const BodyChunkSink& on_chunk) -> Status {
      LH_ASSIGN_OR_RETURN(std::string boundary,
                          MultipartReader::BoundaryOf(req.get_header_value("Content-Type")));
      MultipartReader parser(std::move(boundary), on_part, on_chunk);
      Status parsed;
      bool ok = ReadRawBody(req, *reader, [&](const char* d, size_t n) {
        parsed = parser.Feed(std::string_view(d, n));
        return parsed.ok();
      });
      *body_consumed = ok;
      LH_RETURN_IF_ERROR(parsed);
      if (!ok) return InvalidArgument("multipart body could not be read");
      return parser.Finish();
    };
  } else {
    // The declared length is within the limit (checked above): no regrowth while reading.
    if (declared > 0) out->body.reserve(static_cast<size_t>(declared));
    Status s = ReadWholeBody(req, *reader, &out->body);
    if (!s.ok()) return ErrorResponse(s, out->request_id);
    *body_consumed = true;
  }
  return std::nullopt;
}

void HttpServer::Impl::ApplyCors(const httplib::Request& req, HttpResponse* resp) const {
  if (!req.has_header("Origin")) return;
  std::string origin = req.get_header_value("Origin");
  if (!CorsAllows(options.cors_allowed_origins, origin)) return;
  bool any = false;
  for (const std::string& allowed : options.cors_allowed_origins) any |= allowed == "*";
  resp->headers["Access-Control-Allow-Origin"] = any ? "*" : origin;
  resp->headers["Vary"] = "Origin";
  resp->headers["Access-Control-Expose-Headers"] = "X-Request-Id, X-Lakehouse-Rescue-Used";
}

void HttpServer::Impl::Write(HttpResponse& resp, httplib::Response& res) const {
  res.status = resp.status;
  for (const auto& [k, v] : resp.headers) res.set_header(k, v);
  if (resp.stream) {
    StreamWriter stream = resp.stream;
    res.set_chunked_content_provider(resp.content_type, [stream](size_t, httplib::DataSink& sink) {
      Status s = stream([&sink](std::string_view chunk) {
        return sink.is_writable() && sink.write(chunk.data(), chunk.size());
      });
      if (!s.ok()) {
        LH_LOG_WARN("streamed response aborted: {}", s.ToString());
        return false;
      }
      sink.done();
      return true;
    });
  } else if (!resp.body.empty() || !resp.content_type.empty()) {
    // What Response::set_content does, without copying the body (cpp-httplib 0.11 has no
    // set_content(std::string&&)).
    res.body = std::move(resp.body);
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", resp.content_type.empty() ? "text/plain" : resp.content_type);
  }
}

void HttpServer::Impl::Dispatch(const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader* reader) {
  in_flight.fetch_add(1);
  auto start = SteadyClock::now();
  HttpRequest request;
  std::string incoming_id = req.get_header_value("X-Request-Id");
  request.request_id = IsValidRequestId(incoming_id) ? incoming_id : NewRequestId();

  const Route* route = nullptr;
  HttpResponse response;
  auto body_consumed = std::make_shared<bool>(reader == nullptr);
  try {
    std::optional<HttpResponse> early =
        PrepareRequest(req, reader, &request, &route, body_consumed);
    if (early) {
      response = std::move(*early);
    } else {
      Result<HttpResponse> result = route->handler(request);
      response = result.ok() ? std::move(result).value()
                             : ErrorResponse(result.status(), request.request_id);
    }
  } catch (const std::exception& e) {
    LH_LOG_ERROR("request {} {} {} failed with an exception: {}", request.request_id, req.method,
                 req.path, e.what());
    response = ErrorResponse(Internal("internal error (request id ", request.request_id, ")"),
                             request.request_id);
  } catch (...) {
    LH_LOG_ERROR("request {} {} {} failed with an unknown exception", request.request_id,
                 req.method, req.path);
    response = ErrorResponse(Internal("internal error (request id ", request.request_id, ")"),
                             request.request_id);
  }
  response.headers["X-Request-Id"] = request.request_id;
  // Unread body bytes would be parsed as the next request on this connection: close it instead.
  if (!*body_consumed) response.headers["Connection"] = "close";
  ApplyCors(req, &response);
  if (response.status == 206 || response.status >= 300) {
    // The handler answered a Range request itself (or failed): stop cpp-httplib from slicing the
    // body a second time. `req` is cpp-httplib's own non-const object, handed to us as const.
    const_cast<httplib::Request&>(req).ranges.clear();
  }
  const int64_t bytes = response.stream ? -1 : static_cast<int64_t>(response.body.size());
  Write(response, res);

  double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  std::string route_label = route ? route->spec.pattern : "unmatched";
  metrics->Record(req.method, route_label, response.status, seconds, bytes);
  LH_LOG_INFO("access id={} method={} path={} status={} bytes={} ms={:.3f}", request.request_id,
              req.method, req.path, response.status, bytes, seconds * 1000.0);
  in_flight.fetch_sub(1);
}

Status HttpServer::Bind() {
  if (impl_->options.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(impl_->options.host);
  } else if (impl_->server.bind_to_port(impl_->options.host, impl_->options.port)) {
    impl_->port = impl_->options.port;
  }
  if (impl_->port <= 0) {
    return Unavailable("cannot listen on ", impl_->options.host, ":",
                       std::to_string(impl_->options.port), ": ",
                       BindFailureReason(impl_->options));
  }
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

Status HttpServer::Run() {
  if (impl_->port <= 0) return FailedPrecondition("HttpServer::Run before a successful Bind");
  if (!impl_->server.listen_after_bind()) return Internal("HTTP server stopped with an error");
  return Status::Ok();
}

bool HttpServer::Shutdown(std::chrono::milliseconds grace) {
  impl_->server.stop();
  auto deadline = SteadyClock::now() + grace;
  while (impl_->in_flight.load() > 0 && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return impl_->in_flight.load() == 0;
}

int64_t HttpServer::in_flight() const { return impl_->in_flight.load(); }

}  // namespace lakehouse
