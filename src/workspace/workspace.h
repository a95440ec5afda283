// Agent workspaces (issue 21): the typed records of one workspace — its tier and expiry, the
// searches saved in it, its shortlist, the chain of owners it was handed through and its activity
// log. Plain values; WorkspaceStore keeps them in catalog.db, WorkspaceService governs them.
//
// Tiers: a daily workspace expires at the end of its UTC day, a weekly one at the end of its ISO
// week (Monday 00:00 UTC), a monthly one at the end of its month; a pinned one never. An expired
// workspace is archived (read-only) — WorkspaceService does it when it next looks.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

enum class WorkspaceTier { kDaily, kWeekly, kMonthly, kPinned };

// "daily" | "weekly" | "monthly" | "pinned"
std::string_view WorkspaceTierName(WorkspaceTier tier);
Result<WorkspaceTier> ParseWorkspaceTier(std::string_view name);  // INVALID_ARGUMENT otherwise

// When a workspace of `tier` made at `now_us` (epoch micros) expires: the start of the next UTC
// day, ISO week or month; nullopt for pinned.
std::optional<int64_t> TierExpiry(WorkspaceTier tier, int64_t now_us);

// What a saved search runs.
enum class SavedSearchKind { kSql, kTool, kVector };
std::string_view SavedSearchKindName(SavedSearchKind kind);  // "sql" | "tool" | "vector"
Result<SavedSearchKind> ParseSavedSearchKind(std::string_view name);

struct SavedSearch {
  std::string name;  // [A-Za-z0-9_.-]{1,64}, unique in its workspace
  SavedSearchKind kind = SavedSearchKind::kSql;
  std::string description;
  // kSql: one read-only statement, its first `limit` rows.
  std::string sql;
  // kTool: a registry tool and its arguments.
  std::string tool;
  Json arguments = Json::object();
  // kVector: a semantic search of an index, optionally filtered (SQL over the dataset's columns).
  std::string index;
  std::string query;
  std::string filter;
  int64_t limit = 100;  // rows (sql), k (vector); tools use their own max_rows
  // Set by the service.
  std::string created_by;
  int64_t created_at = 0;
  int64_t last_run_at = 0;  // 0 = never run
  std::string last_run_by;
  int64_t last_row_count = -1;
  int64_t run_count = 0;
};

// One entity on the shortlist: a row of a dataset, by its key.
struct ShortlistItem {
  int64_t id = 0;  // set by the store
  std::string dataset;
  std::string key;
  std::string note;
  std::string added_by;
  int64_t added_at = 0;
};

// One step of the owner chain.
struct WorkspaceHandoff {
  std::string from;
  std::string to;
  std::string reason;
  std::string by;  // who handed it off (the owner, or an admin)
  int64_t at = 0;
};

struct Workspace {
  std::string id;  // UUID
  std::string name;
  std::string description;
  WorkspaceTier tier = WorkspaceTier::kDaily;
  std::string owner;
  // Principals who may read it besides its owners: a name, "role:<role>", or "*" (everyone).
  std::vector<std::string> shared_with;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> expires_at;       // none for pinned
  std::optional<int64_t> archived_at;      // set once archived
  std::vector<WorkspaceHandoff> handoffs;  // oldest first

  bool archived() const { return archived_at.has_value(); }
  // The owners it had, first to current.
  std::vector<std::string> OwnerChain() const;
};

// A workspace with what it holds.
struct WorkspaceDetail {
  Workspace workspace;
  std::vector<SavedSearch> searches;     // by name
  std::vector<ShortlistItem> shortlist;  // in the order added
};

// One line of the activity log: every action, by whom.
struct WorkspaceActivity {
  int64_t id = 0;  // set by the store
  std::string workspace_id;
  int64_t at = 0;
  std::string principal;  // "system" for archival
  std::string action;     // created, updated, search_saved, search_run, handoff, archived, …
  Json detail = Json::object();
};

}  // namespace lakehouse
