// The schema of the `jobs` table in catalog.db, owned by JobStore: its steps, numbered for the
// "jobs" store, registered with Metastore::RegisterStoreSchema (catalog/schema_migrations.h).
// Append-only: never edit a released step, add a new one.
//
// Thread-safety: returns a static, immutable list.
#pragma once

#include <vector>

#include "catalog/schema_migrations.h"

namespace lakehouse {

inline constexpr char kJobStoreName[] = "jobs";
const std::vector<Migration>& JobStoreMigrations();

}  // namespace lakehouse
