// The scheduled-ingest routes (/schedules…) and their request/response schemas, registered into
// the one route table by RegisterRoutes (routes.cc). Kept beside their handlers
// (schedule_handlers.h) so the schedule feature is one place.
#pragma once

#include "api/schedule_handlers.h"
#include "http/route_table.h"

namespace lakehouse {

// `handlers` must outlive `table`.
Status RegisterScheduleRoutes(ScheduleHandlers* handlers, RouteTable* table);

}  // namespace lakehouse
