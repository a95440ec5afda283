// RouteTable: the single list of HTTP routes. api/routes.cc fills it; the server dispatches from it
// and the OpenAPI document is generated from it, so the two cannot disagree. Each route carries its
// contract — request body, query parameters and responses as JSON Schemas (http/json_schema.h) —
// and the end-to-end tests check every response they receive against the document.
//
// Thread-safety: built once before the server starts, then read-only (safe for concurrent reads).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/json.h"
#include "http/http_types.h"
#include "http/path_pattern.h"

namespace lakehouse {

using HttpHandler = std::function<Result<HttpResponse>(HttpRequest&)>;

// One documented response of a route.
struct ResponseContract {
  int status = 200;
  std::string description;
  Json schema;  // JSON Schema of the body; null when the body is not JSON (or empty)
  std::string content_type = "application/json";
};

struct QueryParamContract {
  std::string name;
  Json schema;  // of the parameter's value, e.g. schema::Integer()
  std::string description;
  bool required = false;
};

// What a route accepts and answers, as data. Errors (any status of 400 or more) are documented
// once, as the shared Error component: {"error": {"code", "message", "request_id"}} plus an
// optional detail member (common/status_detail.h), so routes list only the statuses they succeed
// with.
struct RouteContract {
  Json request_body;  // JSON Schema of the body; null when the route takes none
  std::string request_content_type = "application/json";
  std::vector<QueryParamContract> query;
  std::vector<ResponseContract> responses;

  RouteContract& Body(Json schema, std::string content_type = "application/json") {
    request_body = std::move(schema);
    request_content_type = std::move(content_type);
    return *this;
  }
  RouteContract& Query(std::string name, Json schema, std::string description,
                       bool required = false) {
    query.push_back({std::move(name), std::move(schema), std::move(description), required});
    return *this;
  }
  RouteContract& Returns(int status, std::string description, Json schema,
                         std::string content_type = "application/json") {
    responses.push_back(
        {status, std::move(description), std::move(schema), std::move(content_type)});
    return *this;
  }
};

struct RouteSpec {
  HttpMethod method = HttpMethod::kGet;
  std::string pattern;          // e.g. "/catalog/datasets/by-name/{name}"
  std::string operation_id;     // unique, camelCase: "getDatasetByName"
  std::string summary{};        // one line for the OpenAPI document
  std::string tag{};            // OpenAPI group: "system", "catalog", ...
  bool public_route = false;    // reachable without an API key (only /health)
  bool stream_body = false;     // the handler pulls the body itself (uploads)
  int success_status = 200;     // the usual success status (documented in `contract`)
  RouteContract contract = {};  // set by the three-argument Add
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
  // Adds a route with its contract. INVALID_ARGUMENT, as above, and when the contract documents no
  // response with the spec's success status.
  Status Add(RouteSpec spec, RouteContract contract, HttpHandler handler);

  // INVALID_ARGUMENT naming the first route added without a contract: api/routes.cc calls it last,
  // so a route added without its schemas stops the server from starting (and every test with it).
  Status CheckEveryRouteDocumented() const;

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
