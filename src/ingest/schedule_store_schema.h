// The schema of scheduled ingest's tables in catalog.db, owned by ScheduleStore: its steps,
// numbered for the "ingest_schedules" store, registered with Metastore::RegisterStoreSchema
// (catalog/schema_migrations.h). Append-only: never edit a released step, add a new one.
//
// Thread-safety: returns a static, immutable list.
#pragma once

#include <vector>

#include "catalog/schema_migrations.h"

namespace lakehouse {

inline constexpr char kScheduleStoreName[] = "ingest_schedules";
const std::vector<Migration>& ScheduleStoreMigrations();

}  // namespace lakehouse
