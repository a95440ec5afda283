// The web UI's routes (issue #22, ADR 015): GET / (the page) and GET /ui/{path...} (its scripts,
// styles and vendored libraries), public like /docs — they hold no data; every call the page
// makes goes through the API with the user's key. Registered by RegisterRoutes (routes.cc).
#pragma once

#include "http/route_table.h"

namespace lakehouse {

Status RegisterWebUiRoutes(RouteTable* table);

}  // namespace lakehouse
