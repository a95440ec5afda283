// AccessService: who a request is and what it may do (issue 20, the identity half). Owns the API
// keys and custom roles (AccessStore), the keys configured in server.api_keys (each an admin
// principal named "config-key-<n>"), and the resolution of a principal's roles into its
// AccessPolicy.
//
// Dev mode: while no key exists at all — none configured, none ever created — every request runs
// as AccessPolicy::DevMode() (the single local user, an admin). Creating the first key ends dev
// mode at once and for good: from then on every non-public route needs a key, even after every
// key is revoked (a server does not silently fall open; server.api_keys regains access).
//
// Everything a request needs is answered from an in-memory snapshot (live keys by id, custom
// roles, and one resolved AccessPolicy per key), rebuilt from the store after every change, so a
// revoked key is refused by the very next request and authentication never touches SQLite.
//
// Thread-safety: thread-safe. Changes are serialised; readers take the current snapshot.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "access/access_store.h"
#include "access/role.h"
#include "common/clock.h"
#include "common/mutex.h"

namespace lakehouse {

struct AccessServiceOptions {
  // server.api_keys: each becomes an admin principal "config-key-<n>" (1-based, in order).
  std::vector<std::string> bootstrap_keys;
};

struct CreateKeyRequest {
  std::string principal;
  std::vector<std::string> roles;  // empty → {"analyst"}
  std::string description;
};

// A key as listings show it: never its secret or digest.
struct ApiKeyInfo {
  std::string id;
  std::string prefix;
  std::string principal;
  std::vector<std::string> roles;
  std::string description;
  std::string source;  // "api" (created through /access/keys) or "config" (server.api_keys)
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
};

struct CreatedKey {
  ApiKeyInfo info;
  std::string secret;  // the whole key, shown once
};

class AccessService {
 public:
  // Loads the keys and roles. `metastore` and `clock` must outlive the service.
  static Result<std::unique_ptr<AccessService>> Open(Metastore* metastore, const Clock* clock,
                                                     AccessServiceOptions options);

  // True once any key exists (configured, or ever created): the server is out of dev mode.
  bool KeysExist() const;
  // The policy of a request presenting `presented` ("" when none). Dev mode: the dev-mode
  // policy, whatever is presented. Otherwise UNAUTHENTICATED for a missing, unknown or revoked
  // key.
  Result<std::shared_ptr<const AccessPolicy>> Authenticate(std::string_view presented) const;

  // Keys (admin only at the HTTP edge). INVALID_ARGUMENT for a bad principal name or a role that
  // does not exist.
  Result<CreatedKey> CreateKey(const CreateKeyRequest& request);
  Result<std::vector<ApiKeyInfo>> ListKeys(bool include_revoked);
  // NOT_FOUND for an unknown id; FAILED_PRECONDITION for a configured key.
  Status RevokeKey(std::string_view id);

  // Roles. CreateRole: INVALID_ARGUMENT for a bad name or grant, ALREADY_EXISTS for a name in use
  // (built-in names included). DeleteRole: NOT_FOUND for an unknown custom role,
  // FAILED_PRECONDITION for a built-in one or one that a live key holds.
  Result<Role> CreateRole(Role role);
  std::vector<Role> ListRoles() const;  // built-ins first, then custom roles by name
  Status DeleteRole(std::string_view name);

  // A principal's roles resolved into its policy: "admin" makes it unrestricted; otherwise the
  // union of its roles' grants. Unknown role names grant nothing.
  std::shared_ptr<const AccessPolicy> Resolve(std::shared_ptr<const Principal> principal) const;

 private:
  struct Snapshot;
  AccessService(AccessStore store, const Clock* clock, AccessServiceOptions options);
  Status Reload() LH_REQUIRES(change_mu_);
  std::shared_ptr<const Snapshot> Current() const;
  static std::shared_ptr<const AccessPolicy> ResolveWith(
      const std::map<std::string, Role, std::less<>>& custom,
      std::shared_ptr<const Principal> principal);

  AccessStore store_;
  const Clock* clock_;
  const AccessServiceOptions options_;
  std::shared_ptr<const AccessPolicy> dev_mode_;

  Mutex change_mu_;  // serialises changes (store write + reload)
  mutable Mutex snapshot_mu_;
  std::shared_ptr<const Snapshot> snapshot_ LH_GUARDED_BY(snapshot_mu_);
};

}  // namespace lakehouse
