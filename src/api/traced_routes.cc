#include "api/traced_routes.h"

#include "api/request_policy.h"
#include "http/status_mapping.h"

namespace lakehouse {

void TraceRoutes(SpanSink* sink, RouteTable* routes) {
  routes->WrapHandlers([sink](const RouteSpec& spec, HttpHandler handler) -> HttpHandler {
    std::string name = StrCat(HttpMethodName(spec.method), " ", spec.pattern);
    return [sink, name = std::move(name), route = spec.pattern, operation = spec.operation_id,
            handler = std::move(handler)](HttpRequest& request) -> Result<HttpResponse> {
      std::optional<TraceContext> parent;
      if (std::optional<std::string> header = request.Header("traceparent")) {
        parent = ParseTraceparent(*header);
      }
      Span span(sink, name, SpanKind::kServer, parent);
      if (span.recording()) {
        span.SetAttribute("http.request.method", HttpMethodName(request.method));
        span.SetAttribute("http.route", route);
        span.SetAttribute("lakehouse.operation_id", operation);
        span.SetAttribute("lakehouse.request_id", request.request_id);
        span.SetAttribute("enduser.id", PolicyOf(request).principal().name);
      }
      Result<HttpResponse> response = handler(request);
      if (!span.recording()) return response;
      if (response.ok() && response->deferred) {
        span.SetAttribute("lakehouse.deferred", true);
        return response;
      }
      const int status = response.ok() ? response->status : HttpStatusFor(response.status().code());
      span.SetAttribute("http.response.status_code", static_cast<int64_t>(status));
      if (!response.ok()) {
        span.SetAttribute("lakehouse.error_code", StatusCodeName(response.status().code()));
        if (status >= 500) span.SetError(response.status().message());
      }
      return response;
    };
  });
}

}  // namespace lakehouse
