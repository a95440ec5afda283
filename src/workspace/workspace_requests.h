// The service's requests read from JSON, and a run's answer written as JSON (issue 21): the one
// place both edges — HTTP (api/WorkspaceHandlers) and MCP (mcp/mcp_workspace_tools.cc) — turn
// bodies and tool arguments into typed requests. Unknown fields and wrong types are
// INVALID_ARGUMENT naming the field.
//
// Thread-safety: pure functions.
#pragma once

#include "common/json.h"
#include "workspace/workspace_service.h"

namespace lakehouse {

// {name, description?, tier, owner?, shared_with?}
Result<NewWorkspace> NewWorkspaceFromJson(const Json& body);
// {name?, description?, tier?, shared_with?}
Result<WorkspacePatch> WorkspacePatchFromJson(const Json& body);
// {dataset, key: string | integer, note?}
Result<NewShortlistItem> ShortlistItemFromJson(const Json& body);
// Query values (or tool arguments) owner?, tier?, state? (default active).
Result<WorkspaceFilter> WorkspaceFilterFrom(const std::optional<std::string>& owner,
                                            const std::optional<std::string>& tier,
                                            const std::optional<std::string>& state);

// {workspace_id, search, kind, columns, rows, row_count, truncated, fingerprint, elapsed_ms,
//  ran_by, ran_at}
Json SearchRunResultToJson(const SearchRunResult& result);

}  // namespace lakehouse
