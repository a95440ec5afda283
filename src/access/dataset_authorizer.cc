#include "access/dataset_authorizer.h"

namespace lakehouse {

Status CheckDatasetPermission(const AccessPolicy& policy, std::string_view dataset,
                              const std::vector<std::string>& tags, Permission needed) {
  std::optional<DatasetAccess> access = policy.ForDataset(dataset, tags);
  if (!access) return NotFound("dataset '", std::string(dataset), "' does not exist");
  if (access->permission < needed) {
    return PermissionDenied("principal '", policy.principal().name, "' lacks ",
                            PermissionName(needed), " permission on dataset '",
                            std::string(dataset), "' (it holds ",
                            PermissionName(access->permission), ")");
  }
  return Status::Ok();
}

Status CheckCreatePermission(const AccessPolicy& policy, std::string_view dataset,
                             const std::vector<std::string>& tags) {
  if (policy.Allows(Permission::kAdmin, dataset, tags)) return Status::Ok();
  return PermissionDenied("principal '", policy.principal().name, "' may not register dataset '",
                          std::string(dataset), "': it needs admin permission on it");
}

Status CheckAdmin(const AccessPolicy& policy, std::string_view action) {
  if (policy.IsAdmin()) return Status::Ok();
  return PermissionDenied(action, " needs the admin role (admin on \"*\"); principal '",
                          policy.principal().name, "' does not hold it");
}

Status DatasetAuthorizer::Require(const AccessPolicy& policy, std::string_view dataset,
                                  Permission needed) const {
  if (policy.unrestricted()) return Status::Ok();
  Result<Dataset> found = catalog_->GetDataset(dataset);
  if (found.ok()) return CheckDatasetPermission(policy, found->name, found->tags, needed);
  if (found.status().code() != StatusCode::kNotFound) return found.status();
  return CheckDatasetPermission(policy, dataset, {}, needed);
}

}  // namespace lakehouse
