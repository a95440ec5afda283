// WorkspaceService: agent workspaces (issue 21) under the principal/policy seam.
//
// Who sees what:
//   - a workspace is visible to its owner, to the owners it was handed off from (the chain keeps
//     them as readers), to the principals it is shared with (a name, "role:<role>", or "*"), and
//     to admins (the admin role, dev mode). To anyone else it does not exist: NOT_FOUND, and it is
//     left out of listings.
//   - only its owner or an admin changes it (PERMISSION_DENIED for other readers); an archived
//     workspace is read-only (FAILED_PRECONDITION) until a PATCH gives it a tier again.
//   - reads follow policy: a saved search runs as the reader, under the reader's own policy
//     (SavedSearchRunner); shortlist entries of datasets the reader may not see are left out.
// Creating a workspace for another owner is an admin's act.
//
// Tiers expire at the end of their day, ISO week or month by the injected clock, and the
// workspace is then archived (pinned: never). Archival happens when the service next looks —
// each call first archives what is due, with an "archived" activity line by "system" dated at the
// expiry — and costs nothing while nothing is due (the next expiry is kept in memory).
//
// Every change appends a line to the workspace's activity log in the same transaction; runs of
// saved searches are logged too (by whom, rows).
//
// Thread-safety: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "catalog/catalog_service.h"
#include "common/clock.h"
#include "common/mutex.h"
#include "workspace/saved_search_runner.h"
#include "workspace/workspace_store.h"

namespace lakehouse {

struct NewWorkspace {
  std::string name;
  std::string description;
  WorkspaceTier tier = WorkspaceTier::kDaily;
  std::optional<std::string> owner;  // default: the caller
  std::vector<std::string> shared_with;
};

struct WorkspacePatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<WorkspaceTier> tier;  // a new tier restarts the expiry; restores an archived one
  std::optional<std::vector<std::string>> shared_with;
};

enum class WorkspaceState { kActive, kArchived, kAll };
Result<WorkspaceState> ParseWorkspaceState(std::string_view name);  // active|archived|all

struct WorkspaceFilter {
  std::optional<std::string> owner;
  std::optional<WorkspaceTier> tier;
  WorkspaceState state = WorkspaceState::kActive;
};

struct NewShortlistItem {
  std::string dataset;
  std::string key;
  std::string note;
};

struct SearchRunResult {
  std::string workspace_id;
  std::string search;
  SavedSearchKind kind = SavedSearchKind::kSql;
  SavedSearchRun run;
  std::string ran_by;
  int64_t ran_at = 0;
};

class WorkspaceService {
 public:
  // Pointers must outlive the service.
  WorkspaceService(WorkspaceStore* store, SavedSearchRunner* runner, CatalogService* catalog,
                   const Clock* clock);

  Result<Workspace> Create(const AccessPolicy& policy, NewWorkspace request);
  Result<std::vector<Workspace>> List(const AccessPolicy& policy, const WorkspaceFilter& filter);
  Result<WorkspaceDetail> Get(const AccessPolicy& policy, const std::string& id);
  Result<Workspace> Update(const AccessPolicy& policy, const std::string& id,
                           const WorkspacePatch& patch);
  Status Delete(const AccessPolicy& policy, const std::string& id);

  // Checks the search runs for the caller now, then saves it (CONFLICT when the name is taken).
  Result<SavedSearch> SaveSearch(const AccessPolicy& policy, const std::string& id,
                                 SavedSearch search);
  Status DeleteSearch(const AccessPolicy& policy, const std::string& id, const std::string& name);
  // Any reader may run a saved search, as itself; archived workspaces' searches run too.
  Result<SearchRunResult> RunSearch(const ToolCaller& caller, const std::string& id,
                                    const std::string& name);

  Result<ShortlistItem> AddToShortlist(const AccessPolicy& policy, const std::string& id,
                                       NewShortlistItem item);
  Result<ShortlistItem> SetShortlistNote(const AccessPolicy& policy, const std::string& id,
                                         int64_t item_id, const std::string& note);
  Status RemoveFromShortlist(const AccessPolicy& policy, const std::string& id, int64_t item_id);

  // Moves ownership to `to` (the owner or an admin; not to the current owner).
  Result<Workspace> Handoff(const AccessPolicy& policy, const std::string& id,
                            const std::string& to, const std::string& reason);

  // The activity log, newest first (readers).
  Result<std::vector<WorkspaceActivity>> Activity(const AccessPolicy& policy, const std::string& id,
                                                  int64_t limit);

  // Archives every workspace whose tier expired by now; returns how many.
  Result<int> ArchiveDue();

 private:
  static bool IsAdmin(const AccessPolicy& policy);
  static bool MayRead(const AccessPolicy& policy, const Workspace& workspace);
  // The check a change runs inside its transaction: reader (else NOT_FOUND), owner or admin
  // (else PERMISSION_DENIED), active (else FAILED_PRECONDITION).
  static WorkspaceCheck MayChange(const AccessPolicy& policy);
  // The workspace when `policy` may read it; NOT_FOUND otherwise.
  Result<Workspace> Readable(const AccessPolicy& policy, const std::string& id);
  WorkspaceActivity Line(const AccessPolicy& policy, std::string action, Json detail = {}) const;
  void NoteExpiry(const std::optional<int64_t>& expires_at);
  bool DatasetVisible(const AccessPolicy& policy, const std::string& dataset);

  WorkspaceStore* const store_;
  SavedSearchRunner* const runner_;
  CatalogService* const catalog_;
  const Clock* const clock_;
  // The earliest expiry of an active workspace (INT64_MAX: none; -1: not read yet). Held across
  // the store read that refreshes it, so an expiry noted meanwhile is not lost.
  Mutex expiry_mu_;
  int64_t next_expiry_ LH_GUARDED_BY(expiry_mu_) = -1;
};

}  // namespace lakehouse
