// The schema of the `access_keys` and `access_roles` tables in catalog.db, owned by AccessStore:
// its steps, numbered for the "access" store, registered with Metastore::RegisterStoreSchema
// (catalog/schema_migrations.h). Append-only: never edit a released step, add a new one.
//
// Thread-safety: returns a static, immutable list.
#pragma once

#include <vector>

#include "catalog/schema_migrations.h"

namespace lakehouse {

inline constexpr char kAccessStoreName[] = "access";
const std::vector<Migration>& AccessStoreMigrations();

}  // namespace lakehouse
