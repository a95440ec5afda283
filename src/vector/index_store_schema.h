// The schema of the vector index registry in catalog.db (`vector_indexes`, `vector_index_trials`),
// owned by IndexStore and TrialStore: its steps, numbered for the "vectors" store, registered
// with Metastore::RegisterStoreSchema (catalog/schema_migrations.h). Append-only: never edit a
// released step, add a new one.
//
// Thread-safety: returns a static, immutable list.
#pragma once

#include <vector>

#include "catalog/schema_migrations.h"

namespace lakehouse {

inline constexpr char kVectorStoreName[] = "vectors";
const std::vector<Migration>& VectorStoreMigrations();

}  // namespace lakehouse
