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
#include "access/column_policy.h"
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
  // `db` is the sandboxed query database holding the raw dataset views; pointers must outlive
  // this object.
  PolicyViews(const Database* db, Metastore* metastore, std::string hash_secret);

  // Null for an unrestricted policy; otherwise the policy's catalog, built or brought up to date.
  Result<std::shared_ptr<const PolicyScope>> ScopeFor(const AccessPolicy& policy);

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
    std::vector<std::pair<std::string, std::string>> views;  // name → SELECT
    std::map<std::string, std::set<std::string>> clear_columns;  // as in PolicyScope
    std::string signature;
  };

  Result<Plan> PlanFor(const AccessPolicy& policy) LH_REQUIRES(mu_);
  Status CheckRowFilterLocked(std::string_view filter) LH_REQUIRES(mu_);
  Result<std::shared_ptr<const PolicyScope>> Build(const AccessPolicy& policy, const Plan& plan,
                                                   Built* built) LH_REQUIRES(mu_);

  const Database* const db_;
  Metastore* const metastore_;
  const std::string hash_secret_;

  Mutex mu_;
  std::unique_ptr<Connection> conn_ LH_GUARDED_BY(mu_);
  std::string own_catalog_ LH_GUARDED_BY(mu_);
  std::map<std::string, Built> built_ LH_GUARDED_BY(mu_);  // by fingerprint
  uint64_t next_catalog_ LH_GUARDED_BY(mu_) = 0;
};

}  // namespace lakehouse
