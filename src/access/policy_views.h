// PolicyViews: the one enforcement point of policy on data (issue 20). Each restricted access
// policy (by fingerprint) reads the query database through a DuckDB catalog of its own — an
// attached in-memory database holding one view per dataset it may read, named as the dataset,
// selecting from the raw dataset view only the columns it may see (masked by their redaction,
// column_policy.h) and only the rows its row filters show. Statements run for the policy use that
// catalog as their default (sql/policy_scope.h), so no query — whatever its SQL — reads the raw
// views, and the sandbox refuses every other name (CheckPolicyNames). Unrestricted policies
// (admin, dev mode) get no scope: today's read path, unchanged.
//
// A policy's catalog is built on first use and rebuilt, under a new name, when what it depends on
// changes (the catalog's datasets, columns, sensitivities, the policy's grants); the result cache
// keys on that name. The previous catalog is detached one rebuild later, so a statement bound to
// it finishes.
//
// The event journal: a restricted policy reads `journal.events` (the one qualified name its
// sandbox accepts) as a view in its catalog too, masked per column (policy_journal_view.h).
//
// Row filters (Grant::row_filter) are SQL predicates over the dataset's columns, checked like a
// client's statement (one SELECT-like predicate, no file access, no other table); a filter that
// fails the check shows no rows (fail closed) and is logged.
//
// The hash redaction's secret (LoadOrCreatePolicySecret) is created once per data directory,
// mode 0600, and never leaves the server.
//
// Thread-safety: thread-safe (one mutex around builds; a scope is immutable once handed out).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "access/ai_view_store.h"
#include "access/column_policy.h"
#include "access/column_policy_store.h"
#include "catalog/metastore.h"
#include "common/mutex.h"
#include "sql/connection.h"
#include "sql/database.h"
#include "sql/policy_scope.h"

namespace lakehouse {

// Whether `dataset` exists for `policy`: unrestricted, or a grant matches it. The catalog, search
// and jobs answer NOT_FOUND for a dataset that does not, and leave it out of listings.
bool PolicyShows(const AccessPolicy& policy, const Dataset& dataset);

// <data_dir>/policy_secret: 64 hex characters, created (0600) on first use.
Result<std::string> LoadOrCreatePolicySecret(const std::string& data_dir);

class PolicyViews {
 public:
  // `db` is the sandboxed query database holding the raw dataset views; `overrides` (may be null)
  // the per-column redactions admins set, `ai_views` (may be null) the AI-safe views. Pointers
  // must outlive this object.
  PolicyViews(const Database* db, Metastore* metastore, ColumnPolicyStore* overrides,
              AiViewStore* ai_views, std::string hash_secret);

  // Null for an unrestricted policy; otherwise the policy's catalog, built or brought up to date.
  Result<std::shared_ptr<const PolicyScope>> ScopeFor(const AccessPolicy& policy);

  // Creates an AI-safe view (ai_view_store.h) after checking it: a name no dataset has, an existing
  // base dataset, its columns, a row filter that passes the check below. Then queryable by name.
  Result<AiView> CreateAiView(AiView view);
  Status DeleteAiView(std::string_view name);  // NOT_FOUND when unknown
  // Brings the AI-safe views unrestricted callers query (views in the query database) up to the
  // store; at start-up and after each change. The first view that cannot be built is returned
  // (the others are still built).
  Status RefreshSharedViews();

  // Whether a row filter passes the check above; INVALID_ARGUMENT/PERMISSION_DENIED saying why.
  Status CheckRowFilter(std::string_view filter);

 private:
  struct Built {
    uint64_t write_count = 0;
    std::string signature;  // every view's SQL, in order
    bool complete = false;  // every planned view was created
    std::shared_ptr<const PolicyScope> scope;
    std::string previous_catalog;  // detached on the next rebuild
  };
  struct Plan {
    std::vector<std::pair<std::string, std::string>> views;      // name → SELECT
    std::map<std::string, std::set<std::string>> clear_columns;  // as in PolicyScope
    std::string signature;
  };

  // One relation as a reader sees it: `base`'s `columns` (empty = all), `fixed` redactions first
  // (a view's own), then those of the reader's `clearance` (nullopt = unrestricted) with the
  // per-column `overrides`; rows where some `view_filter` holds (empty = all) and some
  // `grant_filters` holds (empty = all).
  struct ViewSpec {
    const Dataset* base;
    std::vector<std::string> columns;
    std::optional<Sensitivity> clearance;
    const ColumnRedactions* fixed;
    const ColumnRedactions* overrides;
    std::vector<std::string> view_filter;
    std::vector<std::string> grant_filters;
  };
  // The SELECT over the raw view; `clear` (may be null) receives the columns shown unredacted.
  std::string SelectSql(const ViewSpec& spec, std::set<std::string>* clear) LH_REQUIRES(mu_);
  Status ConnectLocked() LH_REQUIRES(mu_);
  Result<Plan> PlanFor(const AccessPolicy& policy) LH_REQUIRES(mu_);
  Status CheckRowFilterLocked(std::string_view filter) LH_REQUIRES(mu_);
  // Whether the query database has the raw journal.events view (audit/audit_views.h).
  Result<bool> JournalViewExistsLocked() LH_REQUIRES(mu_);
  // Creates the plan's views in the (attached, empty) catalog of `scope`; a view that cannot be
  // created is left out and clears `complete`.
  Status FillCatalog(const Plan& plan, PolicyScope* scope, bool* complete) LH_REQUIRES(mu_);
  Result<std::shared_ptr<const PolicyScope>> Build(const AccessPolicy& policy, const Plan& plan,
                                                   Built* built) LH_REQUIRES(mu_);

  const Database* const db_;
  Metastore* const metastore_;
  ColumnPolicyStore* const overrides_;  // may be null
  AiViewStore* const ai_views_;         // may be null
  const std::string hash_secret_;

  Mutex mu_;
  std::unique_ptr<Connection> conn_ LH_GUARDED_BY(mu_);
  std::string own_catalog_ LH_GUARDED_BY(mu_);
  std::map<std::string, Built> built_ LH_GUARDED_BY(mu_);  // by fingerprint
  uint64_t next_catalog_ LH_GUARDED_BY(mu_) = 0;
  std::set<std::string> shared_views_ LH_GUARDED_BY(mu_);  // AI-safe views in the query database
  bool journal_view_exists_ LH_GUARDED_BY(mu_) = false;
};

}  // namespace lakehouse
