// RegisterNlSqlRoutes: POST /ai/sql (natural language to SQL, issue 21) with its contract.
// Called by RegisterRoutes.
#pragma once

#include "api/nl_sql_handlers.h"
#include "http/route_table.h"

namespace lakehouse {

Status RegisterNlSqlRoutes(NlSqlHandlers* handlers, RouteTable* table);

}  // namespace lakehouse
