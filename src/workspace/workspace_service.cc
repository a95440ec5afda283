#include "workspace/workspace_service.h"

#include <algorithm>
#include <limits>
#include <map>

#include "access/policy_views.h"
#include "common/ids.h"
#include "workspace/workspace_json.h"

namespace lakehouse {
namespace {

constexpr int64_t kNoExpiry = std::numeric_limits<int64_t>::max();

Status CheckName(const std::string& name) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("'name' is empty");
  }
  if (name.size() > kMaxWorkspaceNameBytes) {
    return InvalidArgument("'name' is longer than ", kMaxWorkspaceNameBytes, " bytes");
  }
  return Status::Ok();
}

Status CheckText(const std::string& text, std::string_view field) {
  if (text.size() > kMaxWorkspaceTextBytes) {
    return InvalidArgument("'", field, "' is longer than ", kMaxWorkspaceTextBytes, " bytes");
  }
  return Status::Ok();
}

// Shares: principal names, "role:<role>" or "*"; duplicates dropped, order kept.
Result<std::vector<std::string>> CheckShares(const std::vector<std::string>& shares) {
  if (shares.size() > 100) return InvalidArgument("'shared_with' has more than 100 entries");
  std::vector<std::string> out;
  for (const std::string& s : shares) {
    LH_RETURN_IF_ERROR(CheckPrincipalName(s, "shared_with"));
    if (s.starts_with("role:") && s.size() == 5) {
      return InvalidArgument("'shared_with': 'role:' needs a role name");
    }
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

}  // namespace

Result<WorkspaceState> ParseWorkspaceState(std::string_view name) {
  if (name == "active") return WorkspaceState::kActive;
  if (name == "archived") return WorkspaceState::kArchived;
  if (name == "all") return WorkspaceState::kAll;
  return InvalidArgument("state must be active, archived or all, not '", name, "'");
}

WorkspaceService::WorkspaceService(WorkspaceStore* store, SavedSearchRunner* runner,
                                   CatalogService* catalog, const Clock* clock)
    : store_(store), runner_(runner), catalog_(catalog), clock_(clock) {}

bool WorkspaceService::IsAdmin(const AccessPolicy& policy) {
  return policy.unrestricted() || policy.IsAdmin();
}

bool WorkspaceService::MayRead(const AccessPolicy& policy, const Workspace& w) {
  if (IsAdmin(policy)) return true;
  const Principal& me = policy.principal();
  const std::vector<std::string> chain = w.OwnerChain();
  if (std::find(chain.begin(), chain.end(), me.name) != chain.end()) return true;
  for (const std::string& share : w.shared_with) {
    if (share == "*" || share == me.name) return true;
    if (share.starts_with("role:") &&
        std::find(me.roles.begin(), me.roles.end(), share.substr(5)) != me.roles.end()) {
      return true;
    }
  }
  return false;
}

WorkspaceCheck WorkspaceService::MayChange(const AccessPolicy& policy) {
  return [&policy](const Workspace& w) -> Status {
    if (!MayRead(policy, w)) return NotFound("workspace '", w.id, "' not found");
    if (!IsAdmin(policy) && w.owner != policy.principal().name) {
      return PermissionDenied("only the workspace's owner ('", w.owner,
                              "') or an admin may change it");
    }
    if (w.archived()) {
      return FailedPrecondition("workspace '", w.id,
                                "' is archived (its tier expired); give it a tier to restore it");
    }
    return Status::Ok();
  };
}

Result<Workspace> WorkspaceService::Readable(const AccessPolicy& policy, const std::string& id) {
  LH_RETURN_IF_ERROR(ArchiveDue().status());
  LH_ASSIGN_OR_RETURN(Workspace w, store_->Get(id));
  if (!MayRead(policy, w)) return NotFound("workspace '", id, "' not found");
  return w;
}

WorkspaceActivity WorkspaceService::Line(const AccessPolicy& policy, std::string action,
                                         Json detail) const {
  WorkspaceActivity line;
  line.at = clock_->NowMicros();
  line.principal = policy.principal().name;
  line.action = std::move(action);
  line.detail = detail.is_null() ? Json::object() : std::move(detail);
  return line;
}

void WorkspaceService::NoteExpiry(const std::optional<int64_t>& expires_at) {
  if (!expires_at) return;
  MutexLock lock(expiry_mu_);
  if (next_expiry_ != -1) next_expiry_ = std::min(next_expiry_, *expires_at);
}

bool WorkspaceService::DatasetVisible(const AccessPolicy& policy, const std::string& dataset) {
  Result<Dataset> found = catalog_->GetDataset(dataset);
  if (!found.ok()) return false;
  return PolicyShows(policy, *found);
}

Result<int> WorkspaceService::ArchiveDue() {
  const int64_t now = clock_->NowMicros();
  MutexLock lock(expiry_mu_);
  if (next_expiry_ == -1) {
    LH_ASSIGN_OR_RETURN(std::optional<int64_t> next, store_->NextExpiry());
    next_expiry_ = next.value_or(kNoExpiry);
  }
  if (now < next_expiry_) return 0;
  LH_ASSIGN_OR_RETURN(std::vector<std::string> archived, store_->ArchiveExpired(now));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> next, store_->NextExpiry());
  next_expiry_ = next.value_or(kNoExpiry);
  return static_cast<int>(archived.size());
}

Result<Workspace> WorkspaceService::Create(const AccessPolicy& policy, NewWorkspace request) {
  LH_RETURN_IF_ERROR(CheckName(request.name));
  LH_RETURN_IF_ERROR(CheckText(request.description, "description"));
  const std::string& me = policy.principal().name;
  const std::string owner = request.owner.value_or(me);
  LH_RETURN_IF_ERROR(CheckPrincipalName(owner, "owner"));
  if (owner != me && !IsAdmin(policy)) {
    return PermissionDenied("only an admin creates a workspace for another owner");
  }
  LH_ASSIGN_OR_RETURN(std::vector<std::string> shares, CheckShares(request.shared_with));
  Workspace w;
  w.id = NewUuid();
  w.name = std::move(request.name);
  w.description = std::move(request.description);
  w.tier = request.tier;
  w.owner = owner;
  w.shared_with = std::move(shares);
  w.created_by = me;
  w.created_at = clock_->NowMicros();
  w.updated_at = w.created_at;
  w.expires_at = TierExpiry(w.tier, w.created_at);
  WorkspaceActivity line =
      Line(policy, "created",
           {{"name", w.name}, {"tier", WorkspaceTierName(w.tier)}, {"owner", w.owner}});
  line.at = w.created_at;
  LH_RETURN_IF_ERROR(store_->Insert(w, line));
  NoteExpiry(w.expires_at);
  return w;
}

Result<std::vector<Workspace>> WorkspaceService::List(const AccessPolicy& policy,
                                                      const WorkspaceFilter& filter) {
  LH_RETURN_IF_ERROR(ArchiveDue().status());
  LH_ASSIGN_OR_RETURN(std::vector<Workspace> all, store_->List());
  std::erase_if(all, [&](const Workspace& w) {
    if (!MayRead(policy, w)) return true;
    if (filter.owner && w.owner != *filter.owner) return true;
    if (filter.tier && w.tier != *filter.tier) return true;
    if (filter.state == WorkspaceState::kActive && w.archived()) return true;
    if (filter.state == WorkspaceState::kArchived && !w.archived()) return true;
    return false;
  });
  return all;
}

Result<WorkspaceDetail> WorkspaceService::Get(const AccessPolicy& policy, const std::string& id) {
  LH_RETURN_IF_ERROR(ArchiveDue().status());
  LH_ASSIGN_OR_RETURN(WorkspaceDetail detail, store_->GetDetail(id));
  if (!MayRead(policy, detail.workspace)) return NotFound("workspace '", id, "' not found");
  if (!policy.unrestricted()) {
    std::map<std::string, bool> visible;
    std::erase_if(detail.shortlist, [&](const ShortlistItem& item) {
      auto [it, fresh] = visible.try_emplace(item.dataset, false);
      if (fresh) it->second = DatasetVisible(policy, item.dataset);
      return !it->second;
    });
  }
  return detail;
}

Result<Workspace> WorkspaceService::Update(const AccessPolicy& policy, const std::string& id,
                                           const WorkspacePatch& patch) {
  if (patch.name) LH_RETURN_IF_ERROR(CheckName(*patch.name));
  if (patch.description) LH_RETURN_IF_ERROR(CheckText(*patch.description, "description"));
  std::optional<std::vector<std::string>> shares;
  if (patch.shared_with) {
    LH_ASSIGN_OR_RETURN(shares, CheckShares(*patch.shared_with));
  }
  if (!patch.name && !patch.description && !patch.tier && !patch.shared_with) {
    return InvalidArgument("nothing to change: give name, description, tier or shared_with");
  }
  LH_RETURN_IF_ERROR(ArchiveDue().status());
  const int64_t now = clock_->NowMicros();
  // A new tier may restore an archived workspace; everything else needs an active one.
  WorkspaceCheck check = [&, base = MayChange(policy)](const Workspace& w) -> Status {
    Status ok = base(w);
    if (!ok.ok() && patch.tier && ok.code() == StatusCode::kFailedPrecondition) return Status::Ok();
    return ok;
  };
  auto change = [&](Workspace* w, Json* detail) -> Status {
    if (patch.name) {
      w->name = *patch.name;
      (*detail)["name"] = *patch.name;
    }
    if (patch.description) {
      w->description = *patch.description;
      (*detail)["description"] = *patch.description;
    }
    if (shares) {
      w->shared_with = *shares;
      (*detail)["shared_with"] = *shares;
    }
    if (patch.tier) {
      if (w->archived()) (*detail)["restored"] = true;
      w->tier = *patch.tier;
      w->expires_at = TierExpiry(w->tier, now);
      w->archived_at.reset();
      (*detail)["tier"] = WorkspaceTierName(w->tier);
    }
    return Status::Ok();
  };
  WorkspaceActivity line = Line(policy, "updated");
  line.at = now;
  LH_ASSIGN_OR_RETURN(Workspace updated, store_->Update(id, check, change, std::move(line)));
  NoteExpiry(updated.expires_at);
  return updated;
}

Status WorkspaceService::Delete(const AccessPolicy& policy, const std::string& id) {
  LH_RETURN_IF_ERROR(ArchiveDue().status());
  WorkspaceCheck check = [base = MayChange(policy)](const Workspace& w) -> Status {
    Status ok = base(w);
    if (ok.code() == StatusCode::kFailedPrecondition) return Status::Ok();  // archived: fine
    return ok;
  };
  return store_->Delete(id, check);
}

Result<SavedSearch> WorkspaceService::SaveSearch(const AccessPolicy& policy, const std::string& id,
                                                 SavedSearch search) {
  LH_ASSIGN_OR_RETURN(Workspace w, Readable(policy, id));
  LH_RETURN_IF_ERROR(MayChange(policy)(w));
  LH_RETURN_IF_ERROR(runner_->Check(search, policy));
  search.created_by = policy.principal().name;
  search.created_at = clock_->NowMicros();
  search.last_run_at = 0;
  search.last_run_by.clear();
  search.last_row_count = -1;
  search.run_count = 0;
  WorkspaceActivity line = Line(
      policy, "search_saved", {{"name", search.name}, {"kind", SavedSearchKindName(search.kind)}});
  LH_RETURN_IF_ERROR(store_->PutSearch(id, MayChange(policy), search, line));
  return search;
}

Status WorkspaceService::DeleteSearch(const AccessPolicy& policy, const std::string& id,
                                      const std::string& name) {
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  return store_->RemoveSearch(id, MayChange(policy), name,
                              Line(policy, "search_deleted", {{"name", name}}));
}

Result<SearchRunResult> WorkspaceService::RunSearch(const ToolCaller& caller, const std::string& id,
                                                    const std::string& name) {
  const AccessPolicy& policy = *caller.policy;
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  LH_ASSIGN_OR_RETURN(SavedSearch search, store_->GetSearch(id, name));
  Result<SavedSearchRun> run = runner_->Run(search, caller);
  WorkspaceActivity line = Line(policy, "search_run", {{"name", name}, {"via", caller.via}});
  int64_t rows = -1;
  if (run.ok()) {
    rows = static_cast<int64_t>(run->rows->row_count());
    line.detail["rows"] = rows;
    line.detail["fingerprint"] = run->fingerprint;
  } else {
    line.detail["error"] = std::string(StatusCodeName(run.status().code()));
  }
  const int64_t at = line.at;
  LH_RETURN_IF_ERROR(store_->RecordRun(id, name, rows, std::move(line)));
  LH_RETURN_IF_ERROR(run.status());
  return SearchRunResult{id, name, search.kind, std::move(*run), policy.principal().name, at};
}

Result<ShortlistItem> WorkspaceService::AddToShortlist(const AccessPolicy& policy,
                                                       const std::string& id,
                                                       NewShortlistItem request) {
  if (request.dataset.empty()) return InvalidArgument("'dataset' is empty");
  if (request.key.empty() || request.key.size() > kMaxWorkspaceNameBytes) {
    return InvalidArgument("'key' must be 1 to ", kMaxWorkspaceNameBytes, " bytes");
  }
  LH_RETURN_IF_ERROR(CheckText(request.note, "note"));
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  if (!DatasetVisible(policy, request.dataset)) {
    return NotFound("dataset '", request.dataset, "' not found");
  }
  ShortlistItem item;
  // The catalog's spelling of the name, so that visibility checks later match it.
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(request.dataset));
  item.dataset = dataset.name;
  item.key = std::move(request.key);
  item.note = std::move(request.note);
  item.added_by = policy.principal().name;
  item.added_at = clock_->NowMicros();
  WorkspaceActivity line =
      Line(policy, "shortlist_added", {{"dataset", item.dataset}, {"key", item.key}});
  line.at = item.added_at;
  return store_->AddShortlistItem(id, MayChange(policy), std::move(item), std::move(line));
}

Result<ShortlistItem> WorkspaceService::SetShortlistNote(const AccessPolicy& policy,
                                                         const std::string& id, int64_t item_id,
                                                         const std::string& note) {
  LH_RETURN_IF_ERROR(CheckText(note, "note"));
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  return store_->SetShortlistNote(id, MayChange(policy), item_id, note,
                                  Line(policy, "shortlist_noted", {{"item", item_id}}));
}

Status WorkspaceService::RemoveFromShortlist(const AccessPolicy& policy, const std::string& id,
                                             int64_t item_id) {
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  return store_->RemoveShortlistItem(id, MayChange(policy), item_id,
                                     Line(policy, "shortlist_removed", {{"item", item_id}}));
}

Result<Workspace> WorkspaceService::Handoff(const AccessPolicy& policy, const std::string& id,
                                            const std::string& to, const std::string& reason) {
  LH_RETURN_IF_ERROR(CheckPrincipalName(to, "to"));
  if (to == "*" || to.starts_with("role:")) {
    return InvalidArgument("'to' must name one principal");
  }
  LH_RETURN_IF_ERROR(CheckText(reason, "reason"));
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  WorkspaceCheck check = [&, base = MayChange(policy)](const Workspace& w) -> Status {
    LH_RETURN_IF_ERROR(base(w));
    if (w.owner == to) return InvalidArgument("'", to, "' already owns this workspace");
    return Status::Ok();
  };
  WorkspaceHandoff step;
  step.to = to;
  step.reason = reason;
  step.by = policy.principal().name;
  step.at = clock_->NowMicros();
  WorkspaceActivity line = Line(policy, "handoff", {{"to", to}, {"reason", reason}});
  line.at = step.at;
  return store_->Handoff(id, check, step, std::move(line));
}

Result<std::vector<WorkspaceActivity>> WorkspaceService::Activity(const AccessPolicy& policy,
                                                                  const std::string& id,
                                                                  int64_t limit) {
  if (limit < 1 || limit > 10'000) return InvalidArgument("'limit' must be in [1, 10000]");
  LH_RETURN_IF_ERROR(Readable(policy, id).status());
  return store_->Activity(id, limit);
}

}  // namespace lakehouse
