// The one route table: every HTTP route the server serves is registered in routes.cc, with its
// method, path pattern, operation id and summary. The OpenAPI document is generated from it.
#pragma once

#include "api/api_handlers.h"
#include "http/route_table.h"

namespace lakehouse {

// Registers every route; `handlers` must outlive `table`.
Status RegisterRoutes(ApiHandlers* handlers, RouteTable* table);

}  // namespace lakehouse
