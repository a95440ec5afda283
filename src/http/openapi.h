// Generates the OpenAPI 3.0 document from the route table, so it lists exactly what is served.
#pragma once

#include <string>

#include "common/json.h"
#include "http/route_table.h"

namespace lakehouse {

Json BuildOpenApi(const RouteTable& routes, const std::string& version);

}  // namespace lakehouse
