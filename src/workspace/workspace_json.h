// The JSON forms of workspaces (issue 21), for the HTTP and MCP edges and for the saved-search
// spec the store keeps: records → JSON, and a saved search's writable fields ← JSON (checked:
// unknown fields, the kind's required fields, names and ranges → INVALID_ARGUMENT naming them).
// Times are epoch microseconds; absent ones (never run, never expires) are null.
//
// Thread-safety: pure functions.
#pragma once

#include "common/json.h"
#include "workspace/workspace.h"

namespace lakehouse {

// {id, name, description, tier, owner, shared_with, state: active|archived, created_by,
//  created_at, updated_at, expires_at, archived_at, owner_chain, handoffs:
//  [{from,to,reason,by,at}]}
Json WorkspaceToJson(const Workspace& workspace);
// WorkspaceToJson plus "searches" and "shortlist".
Json WorkspaceDetailToJson(const WorkspaceDetail& detail);
// The writable fields plus created_by/at, last_run_at/by, last_row_count, run_count.
Json SavedSearchToJson(const SavedSearch& search);
// {id, dataset, key, note, added_by, added_at}
Json ShortlistItemToJson(const ShortlistItem& item);
// {id, workspace_id, at, principal, action, detail}
Json WorkspaceActivityToJson(const WorkspaceActivity& entry);

// A saved search's writable fields: {name, kind, description?, sql | tool, arguments? |
// index, query, filter?, limit?}.
Result<SavedSearch> SavedSearchFromJson(const Json& body);
// The inverse of SavedSearchFromJson (what the store keeps as the search's spec).
Json SavedSearchSpecToJson(const SavedSearch& search);

// Limits shared by the edges and the service.
inline constexpr size_t kMaxWorkspaceNameBytes = 200;
inline constexpr size_t kMaxWorkspaceTextBytes = 4000;  // descriptions, notes, reasons
inline constexpr int64_t kMaxSavedSqlRows = 10'000;
inline constexpr int64_t kMaxSavedVectorK = 100;

// OK when `name` may name a saved search: [A-Za-z0-9_.-]{1,64}.
Status CheckSearchName(std::string_view name);
// OK when `name` may name a principal (an owner, a handoff's target, a share): 1..200 bytes, no
// control characters; "role:<role>" and "*" are for shares only.
Status CheckPrincipalName(std::string_view name, std::string_view field);

}  // namespace lakehouse
