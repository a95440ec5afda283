// AuditEveryRoute: the one place requests reach the audit log (audit/audit_log.h). Wraps every
// handler of the route table: before the handler runs it attaches a fresh AuditRecord (request
// id, start time, operation id, method, path) to the request; when the handler has answered it
// adds the principal (PolicyOf), the HTTP status and the duration and hands the record to the log
// — durably before the response is sent for writes (any method but GET/HEAD, except the POSTs
// that only read: SQL, paged SQL, searches, RAG, embed/generate/rerank), queued for reads.
// A deferred answer (?wait=true) is recorded when it completes; a streamed body as soon as its
// status is known (the duration then excludes streaming the body).
//
// Requests answered before any handler runs (unknown routes, 405, 401 from the key check,
// 413/415) are recorded through AuditEarlyAnswers, the HTTP server's on_answered_early hook:
// operation "" for an unknown route, principal "unauthenticated" when no key was accepted.
//
// Thread-safety: call before serving; the wrapped handlers are thread-safe.
#pragma once

#include <functional>
#include <string_view>

#include "audit/audit_log.h"
#include "common/clock.h"
#include "http/route_table.h"

namespace lakehouse {

// `log` and `clock` are borrowed and must outlive the routes.
void AuditEveryRoute(RouteTable* routes, AuditLog* log, const Clock* clock);

// The HttpServerOptions::on_answered_early hook recording those requests (batched like reads);
// null when the log is disabled.
std::function<void(const HttpRequest&, std::string_view, int)> AuditEarlyAnswers(
    AuditLog* log, const Clock* clock);

}  // namespace lakehouse
