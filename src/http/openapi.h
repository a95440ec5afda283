// Generates the OpenAPI 3.1 document from the route table — paths, parameters, request bodies and
// responses with their JSON Schemas (RouteContract) — so it lists exactly what is served, and
// renders it as a plain HTML reference page (GET /docs; no scripts, no CDN).
//
// Each operation also carries "x-path-pattern", the route table's pattern (where "{key...}" takes
// the rest of the path), so a client can match request paths exactly as the server does.
#pragma once

#include <string>

#include "common/json.h"
#include "http/route_table.h"

namespace lakehouse {

Json BuildOpenApi(const RouteTable& routes, const std::string& version);

// The shared error body: {"error": {"code", "message", "request_id"}} and, for some errors, one
// detail member beside "error" (e.g. "schema_diff" on an incompatible schema change).
Json ErrorBodySchema();

// A readable HTML page of `document` (as BuildOpenApi makes it).
std::string RenderApiReference(const Json& document);

}  // namespace lakehouse
