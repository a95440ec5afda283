// AccessPolicy: what one principal may do and see, resolved from its roles' grants (issue 20).
// The seam between the identity side (access/: keys, roles, grants — builds policies) and the
// enforcement side (the read path, search, RAG, catalog, jobs — consumes them). Enforcement code
// takes a `const AccessPolicy&` and never looks at roles itself.
//
// A grant names a target — a dataset name (case-insensitive), "tag:<tag>", or "*" — a permission
// (read < write < admin; each implies the ones below), the highest sensitivity the holder sees
// unmasked, and optionally a row filter (a SQL predicate over the dataset's columns). A principal's
// access to a dataset is the union of every grant that matches it: the highest permission, the
// highest clearance, and the row filters OR-ed (a row is visible when any grant shows it; a grant
// without a filter shows every row).
//
// Thread-safety: immutable after construction; share as std::shared_ptr<const AccessPolicy>.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/sensitivity.h"
#include "common/principal.h"

namespace lakehouse {

enum class Permission { kRead = 1, kWrite = 2, kAdmin = 3 };

// "read" | "write" | "admin"
std::string_view PermissionName(Permission p);
Result<Permission> ParsePermission(std::string_view name);

struct Grant {
  std::string target;  // dataset name, "tag:<tag>" or "*"
  Permission permission = Permission::kRead;
  Sensitivity max_unmasked = Sensitivity::kInternal;
  std::string row_filter;  // "" = every row

  bool Matches(std::string_view dataset_name, const std::vector<std::string>& tags) const;
};

// One principal's effective access to one dataset.
struct DatasetAccess {
  Permission permission = Permission::kRead;
  Sensitivity max_unmasked = Sensitivity::kPublic;
  // Empty = every row. Otherwise a row is visible when any predicate holds (OR of the grants').
  std::vector<std::string> row_filters;
  bool all_rows() const { return row_filters.empty(); }
};

class AccessPolicy {
 public:
  // `unrestricted`: sees and may do everything with no masking (the admin role, dev mode).
  AccessPolicy(std::shared_ptr<const Principal> principal, bool unrestricted,
               std::vector<Grant> grants);

  // Dev mode: Principal::DevModeAdmin(), unrestricted.
  static std::shared_ptr<const AccessPolicy> DevMode();

  const Principal& principal() const { return *principal_; }
  const std::shared_ptr<const Principal>& principal_ptr() const { return principal_; }
  bool unrestricted() const { return unrestricted_; }
  const std::vector<Grant>& grants() const { return grants_; }

  // Nullopt when no grant matches: the dataset does not exist for this principal (answer 404,
  // not 403, and leave it out of listings).
  std::optional<DatasetAccess> ForDataset(std::string_view dataset_name,
                                          const std::vector<std::string>& tags) const;
  // True when some grant matching the dataset gives at least `needed`.
  bool Allows(Permission needed, std::string_view dataset_name,
              const std::vector<std::string>& tags) const;
  // Deployment-wide actions (buckets, keys, roles, policies): admin on "*" or unrestricted.
  bool IsAdmin() const;

  // Principals with equal fingerprints see exactly the same data (same grants, same
  // unrestrictedness); caches of query results are keyed by it, never shared across different
  // fingerprints. Hex, stable across restarts.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  std::shared_ptr<const Principal> principal_;
  bool unrestricted_;
  std::vector<Grant> grants_;
  std::string fingerprint_;
};

}  // namespace lakehouse
