// RegisterAuditRoutes: the audit log, journal and subject audit routes (audit_handlers.h) with
// their contracts. Called by RegisterRoutes; the schemas live beside them here.
#pragma once

#include "api/audit_handlers.h"
#include "http/route_table.h"

namespace lakehouse {

Status RegisterAuditRoutes(AuditHandlers* handlers, RouteTable* table);

}  // namespace lakehouse
