// Schema migrations of catalog.db, versioned in code. Each step has a number (1, 2, …, contiguous)
// and SQL; ApplyMigrations runs every step above the database's current version, each in its own
// IMMEDIATE transaction together with its row in `schema_migrations` and PRAGMA user_version, so a
// crash leaves the database at a whole step. A database newer than this binary is refused.
// Steps are append-only: never edit a released step, add a new one.
//
// Thread-safety: ApplyMigrations needs exclusive use of the connection it is given.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "catalog/sqlite_database.h"

namespace lakehouse {

struct Migration {
  int64_t version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& CatalogMigrations();
int64_t LatestCatalogSchemaVersion();

// `now_micros` is recorded as applied_at.
Status ApplyMigrations(SqliteDatabase& db, const std::vector<Migration>& migrations,
                       int64_t now_micros);

}  // namespace lakehouse
