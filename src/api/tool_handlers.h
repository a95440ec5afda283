// Handlers for /tools (issue 21): the governed tool registry over HTTP. Thin: parse → ToolService
// → encode. Every call runs as the request's principal under its AccessPolicy (PolicyOf).
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include "http/http_types.h"
#include "tools/tool_service.h"

namespace lakehouse {

class ToolHandlers {
 public:
  explicit ToolHandlers(ToolService* tools) : tools_(tools) {}

  // GET /tools → {"tools": [definition]} (the tools the caller may call)
  Result<HttpResponse> List(HttpRequest& request);
  // GET /tools/{name} → the definition with its "input_schema"
  Result<HttpResponse> Get(HttpRequest& request);
  // POST /tools (admin) {definition} → 201 the validated definition
  Result<HttpResponse> Create(HttpRequest& request);
  // DELETE /tools/{name} (admin) → {"deleted": name}
  Result<HttpResponse> Delete(HttpRequest& request);
  // POST /tools/{name}/call {"arguments"?: {...}} → columns, rows and the SQL's fingerprint
  Result<HttpResponse> Call(HttpRequest& request);
  // GET /tools/audit?tool=&principal=&limit= (admin) → {"calls": [...]}, newest first
  Result<HttpResponse> Audit(HttpRequest& request);

 private:
  ToolService* const tools_;
};

}  // namespace lakehouse
