// WorkspaceStore: agent workspaces in catalog.db (issue 21), created by the store's own schema
// steps (store "workspaces"): `workspaces` (one row each), `workspace_handoffs` (the owner
// chain), `workspace_searches` (saved searches, their spec as JSON, and their last run),
// `workspace_shortlist` and `workspace_activity` (the log of every action).
//
// Every change is one transaction that reads the workspace afresh, asks the caller's `check`
// whether it may go ahead (WorkspaceService's owner/admin/archived rules, evaluated on the row as
// committed, so two racing handoffs cannot both pass), makes the change and appends its activity
// line — all or nothing. Policy is not the store's business: it returns every row it has.
//
// Thread-safety: thread-safe (the Metastore serialises writes).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"
#include "workspace/workspace.h"

namespace lakehouse {

// Decides, on the workspace as stored, whether a change may go ahead.
using WorkspaceCheck = std::function<Status(const Workspace&)>;

class WorkspaceStore {
 public:
  explicit WorkspaceStore(Metastore* metastore);

  // `activity` is appended in the same transaction (its workspace_id is set here).
  Status Insert(const Workspace& workspace, WorkspaceActivity activity);
  Result<Workspace> Get(std::string_view id);  // NOT_FOUND when unknown
  Result<WorkspaceDetail> GetDetail(std::string_view id);
  Result<std::vector<Workspace>> List();  // oldest first
  Result<SavedSearch> GetSearch(std::string_view id, std::string_view name);

  // Replaces the workspace's own fields (name, description, tier, shared_with, expires_at,
  // archived_at; the owner stays) with what `change` makes of them — it may add to the activity
  // line's detail; updated_at = activity.at.
  Result<Workspace> Update(std::string_view id, const WorkspaceCheck& check,
                           const std::function<Status(Workspace*, Json* detail)>& change,
                           WorkspaceActivity activity);
  // Moves ownership to handoff.to and appends the step to the owner chain.
  Result<Workspace> Handoff(std::string_view id, const WorkspaceCheck& check,
                            const WorkspaceHandoff& handoff, WorkspaceActivity activity);
  // Removes the workspace with everything it holds, its activity log included.
  Status Delete(std::string_view id, const WorkspaceCheck& check);

  // CONFLICT when the name is taken.
  Status PutSearch(std::string_view id, const WorkspaceCheck& check, const SavedSearch& search,
                   WorkspaceActivity activity);
  Status RemoveSearch(std::string_view id, const WorkspaceCheck& check, std::string_view name,
                      WorkspaceActivity activity);  // NOT_FOUND when unknown
  // Records a run of a saved search (row_count -1: it failed).
  Status RecordRun(std::string_view id, std::string_view name, int64_t row_count,
                   WorkspaceActivity activity);

  // CONFLICT when (dataset, key) is already on the list. Returns the item with its id.
  Result<ShortlistItem> AddShortlistItem(std::string_view id, const WorkspaceCheck& check,
                                         ShortlistItem item, WorkspaceActivity activity);
  Result<ShortlistItem> SetShortlistNote(std::string_view id, const WorkspaceCheck& check,
                                         int64_t item_id, const std::string& note,
                                         WorkspaceActivity activity);  // NOT_FOUND when unknown
  Status RemoveShortlistItem(std::string_view id, const WorkspaceCheck& check, int64_t item_id,
                             WorkspaceActivity activity);  // NOT_FOUND when unknown

  // Archives every active workspace whose expiry is at or before `now_us`: archived_at = its
  // expiry, an "archived" line by "system". Returns their ids.
  Result<std::vector<std::string>> ArchiveExpired(int64_t now_us);
  // The earliest expiry of an active workspace; nullopt when none expires.
  Result<std::optional<int64_t>> NextExpiry();

  // The activity log, newest first, at most `limit` lines.
  Result<std::vector<WorkspaceActivity>> Activity(std::string_view id, int64_t limit);

 private:
  Metastore* const metastore_;
};

}  // namespace lakehouse
