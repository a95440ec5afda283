// RouteTable: the single list of HTTP routes. api/routes.cc fills it; the server dispatches from it
// and the OpenAPI document is generated from it, so the two cannot disagree.
//
// Thread-safety: built once before the server starts, then read-only (safe for concurrent reads).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/http_types.h"
#include "http/path_pattern.h"

namespace lakehouse {

using HttpHandler = std::function<Result<HttpResponse>(HttpRequest&)>;

struct RouteSpec {
  HttpMethod method = HttpMethod::kGet;
  std::string pattern;        // e.g. "/catalog/datasets/by-name/{name}"
  std::string operation_id;   // unique, camelCase: "getDatasetByName"
  std::string summary{};      // one line for the OpenAPI document
  std::string tag{};          // OpenAPI group: "system", "catalog", ...
  bool public_route = false;  // reachable without an API key (only /health)
  bool stream_body = false;   // the handler pulls the body itself (uploads)
  int success_status = 200;   // documented success status
};

struct Route {
  RouteSpec spec;
  PathPattern pattern;
  HttpHandler handler;
};

class RouteTable {
 public:
  // INVALID_ARGUMENT on a malformed pattern or a duplicate (method, pattern) / operation id.
  Status Add(RouteSpec spec, HttpHandler handler);

  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    std::map<std::string, std::string> params;
    std::vector<HttpMethod> allowed_methods;  // when the path matched under other methods
  };
  Match Find(HttpMethod method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

  // Replaces every handler h with wrap(spec, h): a cross-cutting concern applied to all routes
  // (the composition root journals disk-full failures this way). Call before serving.
  void WrapHandlers(const std::function<HttpHandler(const RouteSpec&, HttpHandler)>& wrap);

 private:
  std::vector<Route> routes_;
};

}  // namespace lakehouse
