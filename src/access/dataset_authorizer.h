// DatasetAuthorizer: the permission check every write handler makes before it calls its service
// (issue 20, "Writes"). A principal holding no grant on a dataset must not learn that it exists,
// so the answers are:
//   OK                 the policy holds `needed` on the dataset;
//   NOT_FOUND          no grant matches it (the same answer as a dataset that does not exist);
//   PERMISSION_DENIED  a grant makes it visible, but none gives `needed`.
// A name not (yet) in the catalog is judged by the grants on its name and on "*" (tag grants
// cannot match a dataset that has no tags yet): a principal allowed to create it passes, and the
// service then answers as it would (creating it, or NOT_FOUND).
//
// Thread-safety: thread-safe (the catalog is). The catalog must outlive it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "catalog/catalog_service.h"

namespace lakehouse {

// The pure rule, for a dataset whose tags are known.
Status CheckDatasetPermission(const AccessPolicy& policy, std::string_view dataset,
                              const std::vector<std::string>& tags, Permission needed);
// Registering a new dataset needs admin on it (by name, its tags or "*"); with no matching grant
// at all the answer is PERMISSION_DENIED, not NOT_FOUND (nothing exists to hide).
Status CheckCreatePermission(const AccessPolicy& policy, std::string_view dataset,
                             const std::vector<std::string>& tags);
// Deployment-wide actions (buckets, keys, roles): PERMISSION_DENIED unless policy.IsAdmin().
Status CheckAdmin(const AccessPolicy& policy, std::string_view action);

class DatasetAuthorizer {
 public:
  explicit DatasetAuthorizer(CatalogService* catalog) : catalog_(catalog) {}

  // Looks the dataset up for its tags (not at all for an unrestricted policy).
  Status Require(const AccessPolicy& policy, std::string_view dataset, Permission needed) const;

 private:
  CatalogService* catalog_;
};

}  // namespace lakehouse
