#include "api/routes.h"

namespace lakehouse {
namespace {

// Binds a member function of a handler object as an HttpHandler.
template <typename H>
HttpHandler Bind(H* object, Result<HttpResponse> (H::*method)(HttpRequest&)) {
  return [object, method](HttpRequest& request) { return (object->*method)(request); };
}

constexpr HttpMethod GET = HttpMethod::kGet;

}  // namespace

Status RegisterRoutes(ApiHandlers* h, RouteTable* t) {
  SystemHandlers* sys = h->system.get();
  LH_RETURN_IF_ERROR(t->Add({GET, "/health", "getHealth", "Liveness, version and DuckDB version",
                             "system", /*public_route=*/true},
                            Bind(sys, &SystemHandlers::Health)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/ready", "getReady", "Readiness: started and DuckDB answering",
                             "system", /*public_route=*/true},
                            Bind(sys, &SystemHandlers::Ready)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/openapi.json", "getOpenApi",
                             "This OpenAPI document, generated from the route table", "system"},
                            Bind(sys, &SystemHandlers::OpenApi)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/metrics", "getMetrics",
                             "Prometheus metrics: request counts and latency per route", "system"},
                            Bind(sys, &SystemHandlers::Metrics)));
  return Status::Ok();
}

}  // namespace lakehouse
