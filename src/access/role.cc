#include "access/role.h"

#include "common/strings.h"

namespace lakehouse {
namespace {

Status ValidateName(std::string_view what, std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return InvalidArgument(what, " must be 1 to 64 characters long");
  }
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name[0])) return InvalidArgument(what, " must start with a letter or digit");
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '_' && c != '@' && c != '-') {
      return InvalidArgument(what, " may hold only letters, digits and . _ @ -, not '",
                             std::string(1, c), "'");
    }
  }
  return Status::Ok();
}

Role MakeRole(std::string name, std::string description, std::vector<Grant> grants,
              bool unrestricted) {
  Role role;
  role.name = std::move(name);
  role.description = std::move(description);
  role.grants = std::move(grants);
  role.unrestricted = unrestricted;
  role.built_in = true;
  return role;
}

}  // namespace

const std::vector<Role>& BuiltInRoles() {
  static const std::vector<Role> kRoles = {
      MakeRole("admin", "everything: every dataset, every permission, nothing masked", {}, true),
      MakeRole("analyst", "reads every dataset; columns above internal are masked",
               {Grant{"*", Permission::kRead, Sensitivity::kInternal, ""}}, false),
      MakeRole("recruiter",
               "reads and writes datasets tagged hr; columns above confidential are masked",
               {Grant{"tag:hr", Permission::kWrite, Sensitivity::kConfidential, ""}}, false),
      MakeRole("agent",
               "no grants of its own: an agent sees only what its other (custom) roles grant, "
               "which should be views with clearance public",
               {}, false),
  };
  return kRoles;
}

const Role* FindBuiltInRole(std::string_view name) {
  for (const Role& role : BuiltInRoles()) {
    if (EqualsIgnoreAsciiCase(role.name, name)) return &role;
  }
  return nullptr;
}

Status ValidatePrincipalName(std::string_view name) { return ValidateName("principal name", name); }

Status ValidateRoleName(std::string_view name) { return ValidateName("role name", name); }

Status ValidateGrant(const Grant& grant) {
  if (grant.target.empty()) return InvalidArgument("a grant's target must not be empty");
  if (grant.target != "*") {
    std::string_view name = grant.target;
    if (name.starts_with("tag:")) name.remove_prefix(4);
    if (name.empty() || name.size() > 128) {
      return InvalidArgument("grant target '", grant.target,
                             "' must be \"*\", \"tag:<tag>\" or a dataset name");
    }
    for (char c : name) {
      if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '*') {
        return InvalidArgument("grant target '", grant.target, "' holds a character not allowed");
      }
    }
  }
  if (grant.row_filter.find(';') != std::string::npos ||
      grant.row_filter.find('\0') != std::string::npos) {
    return InvalidArgument("a grant's row_filter must be one SQL predicate (no ';')");
  }
  return Status::Ok();
}

Json GrantToJson(const Grant& grant) {
  Json out = {{"target", grant.target},
              {"permission", std::string(PermissionName(grant.permission))},
              {"max_unmasked", std::string(SensitivityName(grant.max_unmasked))}};
  if (!grant.row_filter.empty()) out["row_filter"] = grant.row_filter;
  return out;
}

Result<Grant> GrantFromJson(const Json& json) {
  if (!json.is_object()) return InvalidArgument("each grant must be an object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(json, {"target", "permission", "max_unmasked", "row_filter"}));
  Grant grant;
  LH_ASSIGN_OR_RETURN(grant.target, RequiredString(json, "target"));
  LH_ASSIGN_OR_RETURN(std::string permission, RequiredString(json, "permission"));
  LH_ASSIGN_OR_RETURN(grant.permission, ParsePermission(permission));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> clearance, OptionalString(json, "max_unmasked"));
  if (clearance) {
    LH_ASSIGN_OR_RETURN(grant.max_unmasked, ParseSensitivity(*clearance));
  } else {
    grant.max_unmasked = Sensitivity::kPublic;
  }
  LH_ASSIGN_OR_RETURN(std::optional<std::string> filter, OptionalString(json, "row_filter"));
  grant.row_filter = filter.value_or("");
  LH_RETURN_IF_ERROR(ValidateGrant(grant));
  return grant;
}

Json RoleToJson(const Role& role) {
  Json grants = Json::array();
  for (const Grant& g : role.grants) grants.push_back(GrantToJson(g));
  return {{"name", role.name},
          {"description", role.description},
          {"built_in", role.built_in},
          {"unrestricted", role.unrestricted},
          {"grants", std::move(grants)}};
}

}  // namespace lakehouse
