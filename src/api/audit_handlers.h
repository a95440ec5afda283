// AuditHandlers: the audit log, the event journal and the subject audit over HTTP (issue 20):
//   GET  /access/audit            requests (?principal, ?dataset, ?since, ?limit; ?format=parquet)
//   GET  /access/audit.parquet    the same as Parquet
//   GET  /journal/history/{dataset}/{key}, /journal/recent, /journal/stats
//   POST /journal/event           an application event {type, subject?: {dataset, key}, payload?}
//   GET  /audit/subject/{dataset}/{key}   every change to the subject and every read that
//                                         returned it
// Every read route is admin only (PolicyOf(req).IsAdmin(); others get 403): the journal's old and
// new values are not masked per column yet, so only principals who see everything may read them.
// Posting an application event needs only an authenticated principal (it is recorded as actor).
//
// Thread-safety: thread-safe (the services are).
#pragma once

#include "audit/audit_queries.h"
#include "audit/change_journal.h"
#include "http/http_types.h"

namespace lakehouse {

class AuditHandlers {
 public:
  // Borrowed; must outlive the handlers.
  AuditHandlers(AuditQueries* queries, ChangeJournal* journal);

  Result<HttpResponse> Requests(HttpRequest& request);
  Result<HttpResponse> RequestsParquet(HttpRequest& request);
  Result<HttpResponse> History(HttpRequest& request);
  Result<HttpResponse> Recent(HttpRequest& request);
  Result<HttpResponse> Stats(HttpRequest& request);
  Result<HttpResponse> PostEvent(HttpRequest& request);
  Result<HttpResponse> Subject(HttpRequest& request);

 private:
  Result<HttpResponse> Export(const AuditFilter& filter);

  AuditQueries* const queries_;
  ChangeJournal* const journal_;
};

}  // namespace lakehouse
