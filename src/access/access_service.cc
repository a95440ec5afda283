#include "access/access_service.h"

#include <algorithm>

#include "access/api_key.h"
#include "common/logging.h"
#include "common/strings.h"

namespace lakehouse {

struct AccessService::Snapshot {
  struct LiveKey {
    std::string sha256;
    std::shared_ptr<const AccessPolicy> policy;
  };
  std::map<std::string, LiveKey, std::less<>> keys;                      // store keys by id
  std::vector<LiveKey> config_keys;                                      // server.api_keys
  std::map<std::string, Role, std::less<>> custom_roles;                 // by lower-case name
  std::map<std::string, std::vector<std::string>, std::less<>> holders;  // role → key ids
  bool store_ever_held_a_key = false;  // revoked ones included: dev mode never comes back
};

AccessService::AccessService(AccessStore store, const Clock* clock, AccessServiceOptions options)
    : store_(std::move(store)),
      clock_(clock),
      options_(std::move(options)),
      dev_mode_(AccessPolicy::DevMode()) {}

Result<std::unique_ptr<AccessService>> AccessService::Open(Metastore* metastore, const Clock* clock,
                                                           AccessServiceOptions options) {
  std::unique_ptr<AccessService> service(
      new AccessService(AccessStore(metastore), clock, std::move(options)));
  MutexLock lock(service->change_mu_);
  LH_RETURN_IF_ERROR(service->Reload());
  return service;
}

std::shared_ptr<const AccessService::Snapshot> AccessService::Current() const {
  MutexLock lock(snapshot_mu_);
  return snapshot_;
}

std::shared_ptr<const AccessPolicy> AccessService::ResolveWith(
    const std::map<std::string, Role, std::less<>>& custom,
    std::shared_ptr<const Principal> principal) {
  bool unrestricted = false;
  std::vector<Grant> grants;
  for (const std::string& name : principal->roles) {
    const Role* role = FindBuiltInRole(name);
    if (role == nullptr) {
      auto it = custom.find(AsciiLower(name));
      if (it != custom.end()) role = &it->second;
    }
    if (role == nullptr) continue;
    unrestricted = unrestricted || role->unrestricted;
    grants.insert(grants.end(), role->grants.begin(), role->grants.end());
  }
  if (unrestricted) grants.clear();
  return std::make_shared<AccessPolicy>(std::move(principal), unrestricted, std::move(grants));
}

std::shared_ptr<const AccessPolicy> AccessService::Resolve(
    std::shared_ptr<const Principal> principal) const {
  return ResolveWith(Current()->custom_roles, std::move(principal));
}

Status AccessService::Reload() {
  auto next = std::make_shared<Snapshot>();
  LH_ASSIGN_OR_RETURN(std::vector<Role> roles, store_.ListRoles());
  for (Role& role : roles) next->custom_roles.emplace(AsciiLower(role.name), std::move(role));
  LH_ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> keys, store_.ListKeys(/*include_revoked=*/true));
  next->store_ever_held_a_key = !keys.empty();
  for (ApiKeyRecord& key : keys) {
    if (key.revoked_at) continue;
    auto principal = std::make_shared<Principal>();
    principal->name = key.principal;
    principal->roles = key.roles;
    principal->key_id = key.id;
    for (const std::string& role : key.roles) next->holders[AsciiLower(role)].push_back(key.id);
    next->keys.emplace(key.id,
                       Snapshot::LiveKey{key.sha256, ResolveWith(next->custom_roles, principal)});
  }
  for (size_t i = 0; i < options_.bootstrap_keys.size(); ++i) {
    auto principal = std::make_shared<Principal>();
    principal->name = "config-key-" + std::to_string(i + 1);
    principal->roles = {"admin"};
    principal->key_id = "config-" + std::to_string(i + 1);
    next->config_keys.push_back(
        {ApiKeyDigest(options_.bootstrap_keys[i]), ResolveWith(next->custom_roles, principal)});
  }
  MutexLock lock(snapshot_mu_);
  snapshot_ = std::move(next);
  return Status::Ok();
}

bool AccessService::KeysExist() const {
  std::shared_ptr<const Snapshot> s = Current();
  return s->store_ever_held_a_key || !s->config_keys.empty();
}

Result<std::shared_ptr<const AccessPolicy>> AccessService::Authenticate(
    std::string_view presented) const {
  std::shared_ptr<const Snapshot> s = Current();
  if (!s->store_ever_held_a_key && s->config_keys.empty()) return dev_mode_;
  if (presented.empty()) {
    return Unauthenticated("missing API key: send it in X-API-Key or Authorization: Bearer");
  }
  const std::string digest = ApiKeyDigest(presented);
  const std::string id = ApiKeyId(presented);
  if (!id.empty()) {
    auto it = s->keys.find(id);
    if (it != s->keys.end() && ConstantTimeEquals(digest, it->second.sha256)) {
      return it->second.policy;
    }
  }
  // Every configured key is compared, so the time taken does not say which one matched.
  std::shared_ptr<const AccessPolicy> matched;
  for (const Snapshot::LiveKey& key : s->config_keys) {
    if (ConstantTimeEquals(digest, key.sha256) && matched == nullptr) matched = key.policy;
  }
  if (matched != nullptr) return matched;
  return Unauthenticated("invalid API key");
}

Result<CreatedKey> AccessService::CreateKey(const CreateKeyRequest& request) {
  LH_RETURN_IF_ERROR(ValidatePrincipalName(request.principal));
  std::vector<std::string> roles = request.roles;
  if (roles.empty()) roles = {"analyst"};
  MutexLock lock(change_mu_);
  const bool was_dev_mode = !KeysExist();
  {
    std::shared_ptr<const Snapshot> s = Current();
    for (const std::string& role : roles) {
      if (FindBuiltInRole(role) == nullptr && !s->custom_roles.contains(AsciiLower(role))) {
        return InvalidArgument("role '", role, "' does not exist (GET /access/roles lists them)");
      }
    }
  }
  LH_ASSIGN_OR_RETURN(NewKeyMaterial material, NewApiKey());
  ApiKeyRecord record;
  record.id = material.id;
  record.prefix = material.prefix;
  record.principal = request.principal;
  record.roles = roles;
  record.description = request.description;
  record.sha256 = material.sha256;
  record.created_at = clock_->NowMicros();
  LH_RETURN_IF_ERROR(store_.InsertKey(record));
  LH_RETURN_IF_ERROR(Reload());
  LH_LOG_INFO("access: API key {} created for principal '{}' (roles {})", record.id,
              record.principal, StrJoin(roles, ","));
  if (was_dev_mode) {
    LH_LOG_WARN(
        "access: the first API key exists; dev mode is over and every route but /health, "
        "/ready, /openapi.json and /docs now needs a key");
  }
  CreatedKey out;
  out.info = {record.id,          record.prefix, record.principal,  record.roles,
              record.description, "api",         record.created_at, std::nullopt};
  out.secret = std::move(material.secret);
  return out;
}

Result<std::vector<ApiKeyInfo>> AccessService::ListKeys(bool include_revoked) {
  std::vector<ApiKeyInfo> out;
  for (size_t i = 0; i < options_.bootstrap_keys.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    out.push_back({"config-" + n,
                   "",
                   "config-key-" + n,
                   {"admin"},
                   "server.api_keys entry " + n,
                   "config",
                   0,
                   std::nullopt});
  }
  LH_ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> keys, store_.ListKeys(include_revoked));
  for (ApiKeyRecord& k : keys) {
    out.push_back({std::move(k.id), std::move(k.prefix), std::move(k.principal), std::move(k.roles),
                   std::move(k.description), "api", k.created_at, k.revoked_at});
  }
  return out;
}

Status AccessService::RevokeKey(std::string_view id) {
  if (id.starts_with("config-")) {
    return FailedPrecondition("key '", std::string(id),
                              "' comes from server.api_keys; remove it from the config instead");
  }
  MutexLock lock(change_mu_);
  LH_RETURN_IF_ERROR(store_.RevokeKey(id, clock_->NowMicros()));
  LH_RETURN_IF_ERROR(Reload());
  LH_LOG_INFO("access: API key {} revoked", id);
  return Status::Ok();
}

Result<Role> AccessService::CreateRole(Role role) {
  LH_RETURN_IF_ERROR(ValidateRoleName(role.name));
  if (FindBuiltInRole(role.name) != nullptr) {
    return AlreadyExists("role '", role.name, "' is built in");
  }
  for (const Grant& g : role.grants) LH_RETURN_IF_ERROR(ValidateGrant(g));
  role.built_in = false;
  role.unrestricted = false;
  role.created_at = clock_->NowMicros();
  MutexLock lock(change_mu_);
  LH_RETURN_IF_ERROR(store_.InsertRole(role));
  LH_RETURN_IF_ERROR(Reload());
  LH_LOG_INFO("access: role '{}' created ({} grants)", role.name, role.grants.size());
  return role;
}

std::vector<Role> AccessService::ListRoles() const {
  std::vector<Role> out = BuiltInRoles();
  for (const auto& [name, role] : Current()->custom_roles) out.push_back(role);
  return out;
}

Status AccessService::DeleteRole(std::string_view name) {
  if (FindBuiltInRole(name) != nullptr) {
    return FailedPrecondition("role '", std::string(name), "' is built in and cannot be deleted");
  }
  MutexLock lock(change_mu_);
  {
    std::shared_ptr<const Snapshot> s = Current();
    auto held = s->holders.find(AsciiLower(name));
    if (held != s->holders.end() && !held->second.empty()) {
      return FailedPrecondition("role '", std::string(name), "' is held by live keys (",
                                StrJoin(held->second, ", "), "); revoke them first");
    }
  }
  LH_RETURN_IF_ERROR(store_.DeleteRole(name));
  LH_RETURN_IF_ERROR(Reload());
  LH_LOG_INFO("access: role '{}' deleted", name);
  return Status::Ok();
}

}  // namespace lakehouse
