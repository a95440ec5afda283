// RegisterWorkspaceRoutes: the agent workspace routes (issue 21) — /workspaces and what a
// workspace holds — with their contracts. Called by RegisterRoutes; the schemas live beside them.
#pragma once

#include "api/workspace_handlers.h"
#include "http/route_table.h"

namespace lakehouse {

Status RegisterWorkspaceRoutes(WorkspaceHandlers* workspaces, RouteTable* table);

}  // namespace lakehouse
