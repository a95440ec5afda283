// TraceRoutes: every HTTP request becomes a server span (ADR 013), created at the route wrapper
// so the HTTP server itself knows nothing of tracing. The span continues the trace of an
// incoming W3C `traceparent` header (a malformed one starts a new trace) and is the current span
// while the handler runs, so the spans of SQL, ingest, embedding calls and searches below it are
// its children and outgoing provider calls carry its context.
//
// Span: name "<METHOD> <route pattern>", kind SERVER; attributes http.request.method, http.route,
// lakehouse.operation_id, lakehouse.request_id, enduser.id (the principal), and
// http.response.status_code (or lakehouse.deferred for answers given later); status ERROR for
// 5xx answers, with lakehouse.error_code for any failed one.
//
// Thread-safety: call before serving; the wrapped handlers are as thread-safe as the originals.
#pragma once

#include "http/route_table.h"
#include "telemetry/span.h"

namespace lakehouse {

// Wraps every handler of `routes`; spans go to `sink` (must outlive the routes).
void TraceRoutes(SpanSink* sink, RouteTable* routes);

}  // namespace lakehouse
