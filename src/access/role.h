// Role: a named set of grants (access_policy.h). Four roles are built in (see README.md for their
// semantics); administrators add custom roles (POST /access/roles), stored by AccessStore.
//
//   admin      unrestricted: every dataset, every permission, nothing masked
//   analyst    read on "*", clearance internal
//   recruiter  write (so read too) on "tag:hr", clearance confidential
//   agent      no grants of its own: sees only what other roles of its principal grant
//
// Thread-safety: plain values; BuiltInRoles() is immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "common/json.h"

namespace lakehouse {

struct Role {
  std::string name;
  std::string description;
  std::vector<Grant> grants;
  bool unrestricted = false;  // admin only
  bool built_in = false;
  int64_t created_at = 0;  // epoch micros; 0 for built-ins
};

const std::vector<Role>& BuiltInRoles();
// The built-in role of that name (case-insensitive), or null.
const Role* FindBuiltInRole(std::string_view name);

// Principal and role names: 1-64 characters of [A-Za-z0-9._@-], starting with a letter or digit.
Status ValidatePrincipalName(std::string_view name);
Status ValidateRoleName(std::string_view name);
// A grant's target is "*", "tag:<tag>" or a dataset name; a row filter has no ';' and no NUL.
Status ValidateGrant(const Grant& grant);

// {"target","permission","max_unmasked","row_filter"?} ↔ Grant (the wire and the stored form).
Json GrantToJson(const Grant& grant);
Result<Grant> GrantFromJson(const Json& json);
Json RoleToJson(const Role& role);

}  // namespace lakehouse
