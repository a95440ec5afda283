#include "access/access_store_schema.h"

#include <string_view>

namespace lakehouse {
namespace {

// API keys and custom roles (access/access_store.h). A key is stored as the SHA-256 of the whole
// key, never the key; revoked keys keep their row (audit records name their ids). Roles' grants
// are JSON arrays of {"target","permission","max_unmasked","row_filter"?}.
constexpr std::string_view kAccess = R"sql(
CREATE TABLE access_keys (
  id            TEXT PRIMARY KEY,
  prefix        TEXT NOT NULL,
  principal     TEXT NOT NULL,
  roles         TEXT NOT NULL DEFAULT '[]',
  description   TEXT NOT NULL DEFAULT '',
  secret_sha256 TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  revoked_at    INTEGER
) STRICT;
CREATE TABLE access_roles (
  name        TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  grants      TEXT NOT NULL DEFAULT '[]',
  created_at  INTEGER NOT NULL
) STRICT;
)sql";

}  // namespace

const std::vector<Migration>& AccessStoreMigrations() {
  static const std::vector<Migration> kSteps = {{1, "API keys (hashed) and custom roles", kAccess}};
  return kSteps;
}

}  // namespace lakehouse
