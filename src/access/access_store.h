// AccessStore: API keys and custom roles, in catalog.db (tables access_keys and access_roles, the
// "access" store schema of access_store_schema.h) through the Metastore's transactions. Keys are
// stored as the SHA-256 of the whole key (api_key.h); a revoked key keeps its row (revoked_at set)
// so audit records that name its id stay explainable. Every method is one transaction.
//
// Thread-safety: thread-safe (the Metastore serialises writers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/role.h"
#include "catalog/metastore.h"

namespace lakehouse {

struct ApiKeyRecord {
  std::string id;      // public
  std::string prefix;  // "lh_<id>", shown in listings
  std::string principal;
  std::vector<std::string> roles;
  std::string description;
  std::string sha256;  // of the whole key; never leaves the server
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
};

class AccessStore {
 public:
  // Registers the store's schema with `metastore` (which must outlive it).
  explicit AccessStore(Metastore* metastore);

  // ALREADY_EXISTS when the id is taken.
  Status InsertKey(const ApiKeyRecord& key);
  // Oldest first; revoked keys only when asked.
  Result<std::vector<ApiKeyRecord>> ListKeys(bool include_revoked);
  // NOT_FOUND when no live key has that id.
  Status RevokeKey(std::string_view id, int64_t now);

  // ALREADY_EXISTS when a custom role has that name in any letter case.
  Status InsertRole(const Role& role);
  // By name.
  Result<std::vector<Role>> ListRoles();
  // NOT_FOUND when no custom role has that name.
  Status DeleteRole(std::string_view name);

 private:
  Metastore* metastore_;
};

}  // namespace lakehouse
