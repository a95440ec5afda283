#include "access/access_policy.h"

#include <algorithm>

#include "common/hash.h"
#include "common/strings.h"

namespace lakehouse {

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kRead:
      return "read";
    case Permission::kWrite:
      return "write";
    case Permission::kAdmin:
      return "admin";
  }
  return "read";
}

Result<Permission> ParsePermission(std::string_view name) {
  if (name == "read") return Permission::kRead;
  if (name == "write") return Permission::kWrite;
  if (name == "admin") return Permission::kAdmin;
  return InvalidArgument("permission must be \"read\", \"write\" or \"admin\", not \"" +
                         std::string(name) + "\"");
}

bool Grant::Matches(std::string_view dataset_name, const std::vector<std::string>& tags) const {
  if (target == "*") return true;
  constexpr std::string_view kTagPrefix = "tag:";
  if (target.size() > kTagPrefix.size() && target.compare(0, kTagPrefix.size(), kTagPrefix) == 0) {
    const std::string_view tag = std::string_view(target).substr(kTagPrefix.size());
    return std::any_of(tags.begin(), tags.end(),
                       [&](const std::string& t) { return EqualsIgnoreAsciiCase(t, tag); });
  }
  return EqualsIgnoreAsciiCase(target, dataset_name);
}

AccessPolicy::AccessPolicy(std::shared_ptr<const Principal> principal, bool unrestricted,
                           std::vector<Grant> grants)
    : principal_(std::move(principal)), unrestricted_(unrestricted), grants_(std::move(grants)) {
  std::string canonical = unrestricted_ ? "unrestricted\n" : "restricted\n";
  std::vector<std::string> lines;
  for (const Grant& g : grants_) {
    lines.push_back(AsciiLower(g.target) + '\x1f' + std::string(PermissionName(g.permission)) +
                    '\x1f' + std::string(SensitivityName(g.max_unmasked)) + '\x1f' + g.row_filter);
  }
  std::sort(lines.begin(), lines.end());
  for (const std::string& line : lines) canonical += line + '\n';
  fingerprint_ = Sha256Hex(canonical);
}

std::shared_ptr<const AccessPolicy> AccessPolicy::DevMode() {
  return std::make_shared<AccessPolicy>(Principal::DevModeAdmin(), /*unrestricted=*/true,
                                        std::vector<Grant>{});
}

std::optional<DatasetAccess> AccessPolicy::ForDataset(std::string_view dataset_name,
                                                      const std::vector<std::string>& tags) const {
  if (unrestricted_) {
    return DatasetAccess{Permission::kAdmin, Sensitivity::kRestricted, {}};
  }
  std::optional<DatasetAccess> access;
  bool some_grant_shows_every_row = false;
  for (const Grant& g : grants_) {
    if (!g.Matches(dataset_name, tags)) continue;
    if (!access) access.emplace(DatasetAccess{g.permission, g.max_unmasked, {}});
    access->permission = std::max(access->permission, g.permission);
    access->max_unmasked = MaxSensitivity(access->max_unmasked, g.max_unmasked);
    if (g.row_filter.empty()) {
      some_grant_shows_every_row = true;
    } else {
      access->row_filters.push_back(g.row_filter);
    }
  }
  if (access && some_grant_shows_every_row) access->row_filters.clear();
  return access;
}

bool AccessPolicy::Allows(Permission needed, std::string_view dataset_name,
                          const std::vector<std::string>& tags) const {
  const std::optional<DatasetAccess> access = ForDataset(dataset_name, tags);
  return access && access->permission >= needed;
}

bool AccessPolicy::IsAdmin() const {
  if (unrestricted_) return true;
  return std::any_of(grants_.begin(), grants_.end(), [](const Grant& g) {
    return g.target == "*" && g.permission == Permission::kAdmin;
  });
}

}  // namespace lakehouse
