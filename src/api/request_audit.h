// AuditOf: the audit record of a request (audit/audit_record.h), for handlers to add what only
// they know — datasets touched, the SQL text and rows, a search's index and doc ids. Null when
// the request is not audited (in-process tests without the route wrapper): write
//   if (AuditRecord* audit = AuditOf(request)) audit->AddDataset(name);
//
// Thread-safety: the record belongs to the thread handling the request; ActorOf is pure.
#pragma once

#include <optional>
#include <string>

#include "api/request_policy.h"
#include "audit/audit_record.h"
#include "http/http_types.h"

namespace lakehouse {

inline AuditRecord* AuditOf(const HttpRequest& req) { return req.audit.get(); }

// Who a write is recorded as (catalog versions, tombstones, the journal): the authenticated
// principal. Only in single-user dev mode may the client name someone else (the "actor" field or
// X-Lakehouse-Actor header), since there is nobody to authenticate.
inline std::string ActorOf(const HttpRequest& req, const std::optional<std::string>& claimed) {
  const Principal& principal = PolicyOf(req).principal();
  if (principal.dev_mode && claimed && !claimed->empty()) return *claimed;
  return principal.name;
}

}  // namespace lakehouse
