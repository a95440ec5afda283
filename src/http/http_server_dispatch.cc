// HttpServer: request dispatch — screening a request before any handler runs (method, encoded
// NUL, Host/Origin guard, CORS preflight, route match, authentication, body limits and type) —
// and the worker side: running the route's handler, parking a deferred answer, stamping request
// id and CORS headers, access log and metrics. See http_server_impl.h.
#include <cstdlib>
#include <exception>

#include "common/logging.h"
#include "common/strings.h"
#include "http/http_server_impl.h"
#include "http/request_guard.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

using http_server_internal::RequestState;
using http_server_internal::StateRef;
using http_server_internal::SteadyClock;

// The API key a request presents: X-API-Key, else the token of `Authorization: Bearer`; "".
std::string PresentedApiKey(const HttpRequest& request) {
  if (std::optional<std::string> key = request.Header("X-API-Key")) return *key;
  std::string auth = request.Header("Authorization").value_or("");
  constexpr std::string_view kBearer = "bearer ";
  if (auth.size() > kBearer.size() &&
      EqualsIgnoreAsciiCase(auth.substr(0, kBearer.size()), kBearer)) {
    std::string token = auth.substr(kBearer.size());
    const size_t start = token.find_first_not_of(' ');
    return start == std::string::npos ? "" : token.substr(start);
  }
  return "";
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

HttpResponse UnsupportedMediaType(std::string_view content_type, const std::string& request_id) {
  return HttpResponse::JsonBody(
      ErrorJson("UNSUPPORTED_MEDIA_TYPE",
                StrCat("this route takes a JSON body with Content-Type: application/json, got '",
                       content_type, "'"),
                request_id),
      415);
}

}  // namespace

std::optional<HttpResponse> HttpServer::Impl::Screen(RequestState& state) {
  HttpRequest& out = state.request;
  auto method = ParseHttpMethod(state.method);
  if (!method) {
    return ErrorResponse(InvalidArgument("unsupported method ", state.method), out.request_id);
  }
  out.method = *method;
  if (state.encoded_nul) {
    return ErrorResponse(
        InvalidArgument("the request path or query holds an encoded NUL byte (%00)"),
        out.request_id);
  }
  const std::optional<std::string> origin = out.Header("Origin");
  const bool keys_exist = options.authenticator.keys_exist && options.authenticator.keys_exist();
  Status guard = CheckHostAndOrigin({keys_exist, options.host, options.cors_allowed_origins},
                                    out.Header("Host"), origin);
  if (!guard.ok()) return ErrorResponse(guard, out.request_id);

  if (*method == HttpMethod::kOptions) {
    // CORS preflight: granted only to an allowed origin, and only for the methods the path serves.
    RouteTable::Match m = routes->Find(HttpMethod::kOptions, out.path);
    if (m.allowed_methods.empty()) {
      return ErrorResponse(NotFound("no route for OPTIONS ", out.path), out.request_id);
    }
    HttpResponse r = HttpResponse::NoContent();
    if (origin && CorsAllows(options.cors_allowed_origins, *origin)) {
      r.headers["Access-Control-Allow-Methods"] = JoinMethods(m.allowed_methods);
      r.headers["Access-Control-Allow-Headers"] =
          "Content-Type, X-API-Key, Authorization, X-Request-Id, X-Lakehouse-Bucket";
      r.headers["Access-Control-Max-Age"] = "600";
    }
    return r;
  }

  // HEAD is served by the GET route; libmicrohttpd sends the headers without the body.
  const HttpMethod lookup = *method == HttpMethod::kHead ? HttpMethod::kGet : *method;
  RouteTable::Match match = routes->Find(lookup, out.path);
  if (match.route == nullptr) {
    if (!match.allowed_methods.empty()) {
      return MethodNotAllowedResponse(
          StrCat("method ", state.method, " is not allowed on ", out.path),
          JoinMethods(match.allowed_methods), out.request_id);
    }
    return ErrorResponse(NotFound("no route for ", state.method, " ", out.path), out.request_id);
  }
  state.route = match.route;
  out.path_params = std::move(match.params);

  if (options.authenticator.authenticate) {
    Result<std::shared_ptr<const AccessPolicy>> policy =
        options.authenticator.authenticate(PresentedApiKey(out));
    if (policy.ok()) {
      out.policy = std::move(*policy);
    } else if (!match.route->spec.public_route) {
      return ErrorResponse(policy.status(), out.request_id);
    }
  }

  // libmicrohttpd has already refused a malformed or negative Content-Length (400).
  int64_t declared = -1;
  if (std::optional<std::string> length = out.Header("Content-Length")) {
    declared = std::strtoll(length->c_str(), nullptr, 10);
    if (declared > options.max_body_bytes) {
      return ErrorResponse(PayloadTooLarge("request body of ", std::to_string(declared),
                                           " bytes exceeds the limit of ",
                                           std::to_string(options.max_body_bytes), " bytes"),
                           out.request_id);
    }
  }
  const bool has_body = declared > 0 || out.Header("Transfer-Encoding").has_value();
  state.streamed_body = match.route->spec.stream_body;
  if (has_body && !state.streamed_body) {
    std::string content_type = out.Header("Content-Type").value_or("");
    if (!IsJsonContentType(content_type)) return UnsupportedMediaType(content_type, out.request_id);
  }
  if (declared > 0 && !state.streamed_body) out.body.reserve(static_cast<size_t>(declared));
  return std::nullopt;
}

// ---- worker threads --------------------------------------------------------------------------

void HttpServer::Impl::Handle(const StateRef& state) {
  RequestState& s = *state;
  HttpResponse response;
  try {
    Result<HttpResponse> result = s.route->handler(s.request);
    response = result.ok() ? std::move(result).value()
                           : ErrorResponse(result.status(), s.request.request_id);
    if (response.deferred) {
      Defer(state, std::move(response.deferred));
      return;
    }
  } catch (const std::exception& e) {
    LH_LOG_ERROR("request {} {} {} failed with an exception: {}", s.request.request_id, s.method,
                 s.request.path, e.what());
    response = ErrorResponse(Internal("internal error (request id ", s.request.request_id, ")"),
                             s.request.request_id);
  } catch (...) {
    LH_LOG_ERROR("request {} {} {} failed with an unknown exception", s.request.request_id,
                 s.method, s.request.path);
    response = ErrorResponse(Internal("internal error (request id ", s.request.request_id, ")"),
                             s.request.request_id);
  }
  Finish(s, response);
  // A streaming handler that answered before reading its whole body: the rest is drained and
  // the connection closed, so those bytes are never taken for the next request.
  if (s.streamed_body && !s.exchange->body_complete()) response.headers["Connection"] = "close";
  const int status = response.status;
  StreamWriter stream = std::move(response.stream);
  if (!stream) {
    // Counted before the client can read the answer: a scrape that follows a response sees it.
    Log(s, status, static_cast<int64_t>(response.body.size()));
    s.exchange->SetResponse(std::move(response));
    return;
  }
  // Streamed: libmicrohttpd pulls what this thread writes, through the exchange.
  response.stream = [](const std::function<bool(std::string_view)>&) { return Status::Ok(); };
  s.exchange->SetResponse(std::move(response));
  const auto idle = std::chrono::seconds(options.write_timeout_s);
  HttpExchange& exchange = *s.exchange;
  Status streamed = stream([&](std::string_view chunk) { return exchange.Write(chunk, idle); });
  if (!streamed.ok()) LH_LOG_WARN("streamed response aborted: {}", streamed.ToString());
  exchange.FinishStream(streamed.ok());
  Log(s, status, -1);
}

void HttpServer::Impl::Defer(const StateRef& state, std::function<void(ResponseCompleter)> start) {
  metrics->AddDeferred(1);
  deferred->Start({[this, state](HttpResponse response) {
                     Finish(*state, response);
                     metrics->AddDeferred(-1);
                     Log(*state, response.status, static_cast<int64_t>(response.body.size()));
                     state->exchange->SetResponse(std::move(response));  // resumes the connection
                   },
                   state->request.client_gone, state->request.request_id},
                  start);
}

void HttpServer::Impl::Finish(RequestState& state, HttpResponse& response) const {
  response.headers["X-Request-Id"] = state.request.request_id;
  std::optional<std::string> origin = state.request.Header("Origin");
  if (!origin || !CorsAllows(options.cors_allowed_origins, *origin)) return;
  bool any = false;
  for (const std::string& allowed : options.cors_allowed_origins) any |= allowed == "*";
  response.headers["Access-Control-Allow-Origin"] = any ? "*" : *origin;
  response.headers["Vary"] = "Origin";
  response.headers["Access-Control-Expose-Headers"] = "X-Request-Id, X-Lakehouse-Rescue-Used";
}

void HttpServer::Impl::Log(const RequestState& state, int status, int64_t bytes) const {
  double seconds = std::chrono::duration<double>(SteadyClock::now() - state.start).count();
  std::string route_label = state.route ? state.route->spec.pattern : "unmatched";
  metrics->Record(state.method, route_label, status, seconds, bytes);
  LH_LOG_INFO("access id={} method={} path={} status={} bytes={} ms={:.3f}",
              state.request.request_id, state.method, state.request.path, status, bytes,
              seconds * 1000.0);
}

}  // namespace lakehouse
