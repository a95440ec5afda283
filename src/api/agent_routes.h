// RegisterAgentRoutes: the routes agents use (issue 21) — the tool registry (/tools) and the MCP
// endpoint (/mcp) — with their contracts. Called by RegisterRoutes; the schemas live beside them.
#pragma once

#include "api/mcp_handlers.h"
#include "api/tool_handlers.h"
#include "http/route_table.h"

namespace lakehouse {

Status RegisterAgentRoutes(ToolHandlers* tools, McpHandlers* mcp, RouteTable* table);

}  // namespace lakehouse
