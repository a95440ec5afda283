// Schema migrations of catalog.db, versioned in code. Each step has a number (increasing; numbers
// of steps that moved to a store stay unused) and SQL; ApplyMigrations runs every step that has no
// row in `schema_migrations` yet, each in its own IMMEDIATE transaction together with its row and
// PRAGMA user_version (the highest step applied; on PostgreSQL the highest row), so a crash leaves
// the database at a whole step. A database newer than this binary is refused. Steps are
// append-only: never edit a released step, add a new one.
//
// The catalog's steps create the catalog's tables only. A store of another subsystem that keeps
// its tables in catalog.db (jobs/job_store_schema.h, vector/index_store_schema.h) owns its steps:
// it registers them with Metastore::RegisterStoreSchema and ApplyStoreMigrations runs them,
// numbered per store and tracked in `store_migrations`.
//
// Thread-safety: ApplyMigrations needs exclusive use of the connection it is given.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "catalog/catalog_db.h"

namespace lakehouse {

// `sql` is SQLite's dialect; on a PostgreSQL catalog it is translated (pg_dialect.h) unless the
// step gives its own `postgres_sql` (for what translation cannot express: JSON back-fills of old
// SQLite catalogs, sqlite_master, a rowid the queries order by).
struct Migration {
  int64_t version;
  std::string_view description;
  std::string_view sql;
  std::string_view postgres_sql = {};
};

const std::vector<Migration>& CatalogMigrations();
int64_t LatestCatalogSchemaVersion();

// `now_micros` is recorded as applied_at.
Status ApplyMigrations(CatalogDb& db, const std::vector<Migration>& migrations, int64_t now_micros);

// Runs the steps of `store` that have no row in store_migrations (created by catalog step 11),
// each in its own IMMEDIATE transaction with its row. FAILED_PRECONDITION when the database holds
// a step of `store` newer than the last of `migrations`.
Status ApplyStoreMigrations(CatalogDb& db, std::string_view store,
                            const std::vector<Migration>& migrations, int64_t now_micros);

}  // namespace lakehouse
