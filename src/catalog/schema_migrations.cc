#include "catalog/schema_migrations.h"

#include <algorithm>
#include <set>
#include <string>

#include "catalog/catalog_statement.h"
#include "catalog/catalog_transaction.h"

namespace lakehouse {

namespace {

constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE datasets (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  description           TEXT NOT NULL DEFAULT '',
  owner                 TEXT NOT NULL DEFAULT '',
  declared_sensitivity  INTEGER NOT NULL CHECK (declared_sensitivity BETWEEN 0 AND 3),
  effective_sensitivity INTEGER NOT NULL CHECK (effective_sensitivity BETWEEN 0 AND 3),
  bucket                TEXT NOT NULL,
  primary_key           TEXT,
  source_system         TEXT NOT NULL DEFAULT '',
  source_uri            TEXT NOT NULL DEFAULT '',
  ingest_job_id         TEXT NOT NULL DEFAULT '',
  parent_datasets       TEXT NOT NULL DEFAULT '[]',
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  last_ingest_at        INTEGER,
  row_count             INTEGER NOT NULL DEFAULT 0,
  size_bytes            INTEGER NOT NULL DEFAULT 0,
  schema_fingerprint    TEXT NOT NULL,
  current_version       INTEGER NOT NULL,
  deleted_at            INTEGER
) STRICT;
-- The guarantee that a name is registered once: live names are unique case-insensitively.
CREATE UNIQUE INDEX datasets_live_name ON datasets (name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE dataset_columns (
  dataset_id           TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  ordinal              INTEGER NOT NULL,
  name                 TEXT NOT NULL,
  type                 TEXT NOT NULL,
  nullable             INTEGER NOT NULL,
  description          TEXT NOT NULL DEFAULT '',
  pii_kind             TEXT,
  pii_confidence       REAL,
  sensitivity_override INTEGER CHECK (sensitivity_override BETWEEN 0 AND 3),
  PRIMARY KEY (dataset_id, ordinal)
) STRICT;
CREATE UNIQUE INDEX dataset_columns_name ON dataset_columns (dataset_id, name COLLATE NOCASE);

CREATE TABLE dataset_tags (
  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  tag        TEXT NOT NULL,
  PRIMARY KEY (dataset_id, tag)
) STRICT;

CREATE TABLE dataset_versions (
  dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  version      INTEGER NOT NULL CHECK (version >= 1),
  operation    TEXT NOT NULL,
  rows_added   INTEGER NOT NULL,
  rows_removed INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  committed_at INTEGER NOT NULL,
  detail       TEXT,
  PRIMARY KEY (dataset_id, version)
) STRICT;

-- Every data object ever committed. Live while version_removed IS NULL; purged_at is set when the
-- reaper claims the object for deletion.
CREATE TABLE data_files (
  bucket          TEXT NOT NULL,
  path            TEXT NOT NULL,
  dataset_id      TEXT NOT NULL,
  row_count       INTEGER NOT NULL CHECK (row_count >= 0),
  size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
  version_added   INTEGER NOT NULL,
  version_removed INTEGER,
  purged_at       INTEGER,
  PRIMARY KEY (bucket, path),
  FOREIGN KEY (dataset_id, version_added) REFERENCES dataset_versions (dataset_id, version)
    ON DELETE CASCADE,
  CHECK (version_removed IS NULL OR version_removed > version_added)
) STRICT;
CREATE UNIQUE INDEX data_files_dataset_path ON data_files (dataset_id, path);
CREATE INDEX data_files_live ON data_files (dataset_id) WHERE version_removed IS NULL;
CREATE INDEX data_files_reapable ON data_files (dataset_id, version_removed)
  WHERE version_removed IS NOT NULL AND purged_at IS NULL;
)sql";

// Delete files (tombstones) live beside data files; existing rows are data files.
constexpr std::string_view kDataFileKinds = R"sql(
ALTER TABLE data_files ADD COLUMN kind TEXT NOT NULL DEFAULT 'data' CHECK (kind IN ('data', 'delete'));
)sql";

// What later ingests look up (catalog/ingest_marks.h), out of the version log's detail JSON:
// content hashes for dedup and the high-water marks of incremental database pulls. Existing
// versions' "input_sha256" arrays and "incremental" objects are copied over.
constexpr std::string_view kIngestMarks = R"sql(
CREATE TABLE dataset_input_hashes (
  dataset_id TEXT NOT NULL,
  version    INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  PRIMARY KEY (dataset_id, version, sha256),
  FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
    ON DELETE CASCADE
) STRICT;
CREATE TABLE dataset_high_water_marks (
  dataset_id  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  column_name TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (dataset_id, version),
  FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
    ON DELETE CASCADE
) STRICT;
INSERT OR IGNORE INTO dataset_input_hashes (dataset_id, version, sha256)
  SELECT v.dataset_id, v.version, h.value
  FROM dataset_versions AS v,
       json_each(CASE WHEN json_valid(v.detail) THEN v.detail ELSE '{}' END, '$.input_sha256') AS h
  WHERE json_valid(v.detail) AND json_type(v.detail, '$.input_sha256') = 'array'
    AND h.type = 'text';
INSERT INTO dataset_high_water_marks (dataset_id, version, column_name, value)
  SELECT dataset_id, version, json_extract(detail, '$.incremental.column'),
         json_extract(detail, '$.incremental.high_water_mark')
  FROM dataset_versions
  WHERE json_valid(detail) AND json_type(detail, '$.incremental.column') = 'text'
    AND json_type(detail, '$.incremental.high_water_mark') = 'text';
)sql";

// The schema steps of the stores that keep their tables in catalog.db (jobs, the vector index
// registry) are theirs: each store registers its steps with Metastore::RegisterStoreSchema and
// they are tracked per store in `store_migrations`. Catalogs created before that had them as
// catalog steps 3, 4 and 6; this step records those as the stores' steps already applied.
constexpr std::string_view kStoreMigrations = R"sql(
CREATE TABLE store_migrations (
  store       TEXT NOT NULL,
  version     INTEGER NOT NULL,
  description TEXT NOT NULL,
  applied_at  INTEGER NOT NULL,
  PRIMARY KEY (store, version)
) STRICT;
INSERT INTO store_migrations (store, version, description, applied_at)
  SELECT 'jobs', 1, 'background jobs', 0
  WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs');
INSERT INTO store_migrations (store, version, description, applied_at)
  SELECT 'vectors', 1, 'vector index registry', 0
  WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vector_indexes');
INSERT INTO store_migrations (store, version, description, applied_at)
  SELECT 'vectors', 2, 'vector index recall measurements and trials', 0
  WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vector_index_trials');
)sql";

// Step 1 for PostgreSQL: the same tables, with the case-insensitive collation the dialect keeps
// (`COLLATE NOCASE` in every store's SQL) and data_files' insertion order as a `rowid` column
// (SQLite's implicit rowid, which the queries order files by).
constexpr std::string_view kInitialSchemaPostgres = R"sql(
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2',
                                       deterministic = false);
CREATE TABLE datasets (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  description           TEXT NOT NULL DEFAULT '',
  owner                 TEXT NOT NULL DEFAULT '',
  declared_sensitivity  BIGINT NOT NULL CHECK (declared_sensitivity BETWEEN 0 AND 3),
  effective_sensitivity BIGINT NOT NULL CHECK (effective_sensitivity BETWEEN 0 AND 3),
  bucket                TEXT NOT NULL,
  primary_key           TEXT,
  source_system         TEXT NOT NULL DEFAULT '',
  source_uri            TEXT NOT NULL DEFAULT '',
  ingest_job_id         TEXT NOT NULL DEFAULT '',
  parent_datasets       TEXT NOT NULL DEFAULT '[]',
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL,
  last_ingest_at        BIGINT,
  row_count             BIGINT NOT NULL DEFAULT 0,
  size_bytes            BIGINT NOT NULL DEFAULT 0,
  schema_fingerprint    TEXT NOT NULL,
  current_version       BIGINT NOT NULL,
  deleted_at            BIGINT
);
CREATE UNIQUE INDEX datasets_live_name ON datasets (name COLLATE nocase) WHERE deleted_at IS NULL;
CREATE TABLE dataset_columns (
  dataset_id           TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  ordinal              BIGINT NOT NULL,
  name                 TEXT NOT NULL,
  type                 TEXT NOT NULL,
  nullable             BIGINT NOT NULL,
  description          TEXT NOT NULL DEFAULT '',
  pii_kind             TEXT,
  pii_confidence       DOUBLE PRECISION,
  sensitivity_override BIGINT CHECK (sensitivity_override BETWEEN 0 AND 3),
  PRIMARY KEY (dataset_id, ordinal)
);
CREATE UNIQUE INDEX dataset_columns_name ON dataset_columns (dataset_id, name COLLATE nocase);
CREATE TABLE dataset_tags (
  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  tag        TEXT NOT NULL,
  PRIMARY KEY (dataset_id, tag)
);
CREATE TABLE dataset_versions (
  dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  version      BIGINT NOT NULL CHECK (version >= 1),
  operation    TEXT NOT NULL,
  rows_added   BIGINT NOT NULL,
  rows_removed BIGINT NOT NULL,
  actor        TEXT NOT NULL,
  committed_at BIGINT NOT NULL,
  detail       TEXT,
  PRIMARY KEY (dataset_id, version)
);
CREATE TABLE data_files (
  bucket          TEXT NOT NULL,
  path            TEXT NOT NULL,
  dataset_id      TEXT NOT NULL,
  row_count       BIGINT NOT NULL CHECK (row_count >= 0),
  size_bytes      BIGINT NOT NULL CHECK (size_bytes >= 0),
  version_added   BIGINT NOT NULL,
  version_removed BIGINT,
  purged_at       BIGINT,
  rowid           BIGINT GENERATED BY DEFAULT AS IDENTITY,
  PRIMARY KEY (bucket, path),
  FOREIGN KEY (dataset_id, version_added) REFERENCES dataset_versions (dataset_id, version)
    ON DELETE CASCADE,
  CHECK (version_removed IS NULL OR version_removed > version_added)
);
CREATE UNIQUE INDEX data_files_dataset_path ON data_files (dataset_id, path);
CREATE INDEX data_files_live ON data_files (dataset_id) WHERE version_removed IS NULL;
CREATE INDEX data_files_reapable ON data_files (dataset_id, version_removed)
  WHERE version_removed IS NOT NULL AND purged_at IS NULL;
)sql";

// Step 5 for PostgreSQL: the tables only (a PostgreSQL catalog has no detail JSON to back-fill).
constexpr std::string_view kIngestMarksPostgres = R"sql(
CREATE TABLE dataset_input_hashes (
  dataset_id TEXT NOT NULL,
  version    BIGINT NOT NULL,
  sha256     TEXT NOT NULL,
  PRIMARY KEY (dataset_id, version, sha256),
  FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
    ON DELETE CASCADE
);
CREATE TABLE dataset_high_water_marks (
  dataset_id  TEXT NOT NULL,
  version     BIGINT NOT NULL,
  column_name TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (dataset_id, version),
  FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
    ON DELETE CASCADE
);
)sql";

// Step 11 for PostgreSQL: the table only (no store ever had catalog steps there).
constexpr std::string_view kStoreMigrationsPostgres = R"sql(
CREATE TABLE store_migrations (
  store       TEXT NOT NULL,
  version     BIGINT NOT NULL,
  description TEXT NOT NULL,
  applied_at  BIGINT NOT NULL,
  PRIMARY KEY (store, version)
);
)sql";

std::string_view SqlFor(const CatalogDb& db, const Migration& migration) {
  if (db.dialect() == CatalogDialect::kPostgres && !migration.postgres_sql.empty()) {
    return migration.postgres_sql;
  }
  return migration.sql;
}

}  // namespace

const std::vector<Migration>& CatalogMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "datasets, columns, tags, versions and data files", kInitialSchema,
       kInitialSchemaPostgres},
      {2, "data file kinds: data and delete (tombstone) files", kDataFileKinds},
      // 3 and 4 (jobs, vector index registry) and 6 (vector index recall) were catalog steps
      // before their stores owned them (kStoreMigrations).
      {5, "ingest marks: dedup hashes and high-water marks out of the version detail", kIngestMarks,
       kIngestMarksPostgres},
      {11, "store_migrations: stores register their own schema steps", kStoreMigrations,
       kStoreMigrationsPostgres},
  };
  return kMigrations;
}

int64_t LatestCatalogSchemaVersion() { return CatalogMigrations().back().version; }

namespace {

Status CheckIncreasing(const std::vector<Migration>& migrations, std::string_view what) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version < 1 ||
        (i > 0 && migrations[i].version <= migrations[i - 1].version)) {
      return Internal(what, " migrations are not numbered in increasing order from 1");
    }
  }
  return Status::Ok();
}

// The versions recorded by `sql` (one integer column).
Result<std::set<int64_t>> AppliedVersions(CatalogDb& db, const std::string& sql,
                                          std::string_view store) {
  LH_ASSIGN_OR_RETURN(CatalogStatement stmt, db.Prepare(sql));
  if (!store.empty()) LH_RETURN_IF_ERROR(stmt.BindText(1, store));
  std::set<int64_t> out;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.insert(stmt.ColumnInt(0));
  }
  return out;
}

}  // namespace

Status ApplyMigrations(CatalogDb& db, const std::vector<Migration>& migrations,
                       int64_t now_micros) {
  LH_RETURN_IF_ERROR(CheckIncreasing(migrations, "catalog"));
  {
    // In the writer's transaction: on PostgreSQL two nodes may start at once.
    LH_ASSIGN_OR_RETURN(auto tx,
                        CatalogTransaction::Begin(db, CatalogTransaction::Mode::kImmediate));
    LH_RETURN_IF_ERROR(
        db.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY "
                   "KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT"));
    LH_RETURN_IF_ERROR(tx.Commit());
  }
  LH_ASSIGN_OR_RETURN(int64_t current, db.UserVersion());
  const int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return FailedPrecondition("catalog schema version ", current,
                              " is newer than this binary supports (", latest, ")");
  }
  for (const Migration& migration : migrations) {
    LH_ASSIGN_OR_RETURN(auto tx,
                        CatalogTransaction::Begin(db, CatalogTransaction::Mode::kImmediate));
    // Read inside the write lock: another process may have migrated meanwhile. A step is applied
    // when it has its row (steps may land out of order: numbers are not always contiguous).
    LH_ASSIGN_OR_RETURN(std::set<int64_t> applied,
                        AppliedVersions(db, "SELECT version FROM schema_migrations", ""));
    if (applied.count(migration.version) != 0) continue;
    Status status = db.Execute(SqlFor(db, migration));
    if (!status.ok()) return status.WithContext(StrCat("catalog migration ", migration.version));
    LH_ASSIGN_OR_RETURN(auto record,
                        db.Prepare("INSERT INTO schema_migrations (version, description, "
                                   "applied_at) VALUES (?, ?, ?)"));
    LH_RETURN_IF_ERROR(record.BindInt(1, migration.version));
    LH_RETURN_IF_ERROR(record.BindText(2, migration.description));
    LH_RETURN_IF_ERROR(record.BindInt(3, now_micros));
    LH_RETURN_IF_ERROR(record.Run());
    LH_ASSIGN_OR_RETURN(int64_t now_current, db.UserVersion());
    LH_RETURN_IF_ERROR(db.SetUserVersion(std::max(now_current, migration.version)));
    LH_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

Status ApplyStoreMigrations(CatalogDb& db, std::string_view store,
                            const std::vector<Migration>& migrations, int64_t now_micros) {
  LH_RETURN_IF_ERROR(CheckIncreasing(migrations, store));
  const std::string applied_sql = "SELECT version FROM store_migrations WHERE store = ?";
  for (const Migration& migration : migrations) {
    LH_ASSIGN_OR_RETURN(auto tx,
                        CatalogTransaction::Begin(db, CatalogTransaction::Mode::kImmediate));
    LH_ASSIGN_OR_RETURN(std::set<int64_t> applied, AppliedVersions(db, applied_sql, store));
    if (!applied.empty() && *applied.rbegin() > migrations.back().version) {
      return FailedPrecondition("the ", store, " tables in the catalog are at schema version ",
                                *applied.rbegin(), ", newer than this binary supports (",
                                migrations.back().version, ")");
    }
    if (applied.count(migration.version) != 0) continue;
    Status status = db.Execute(SqlFor(db, migration));
    if (!status.ok()) {
      return status.WithContext(StrCat(store, " schema migration ", migration.version));
    }
    LH_ASSIGN_OR_RETURN(auto record,
                        db.Prepare("INSERT INTO store_migrations (store, version, description, "
                                   "applied_at) VALUES (?, ?, ?, ?)"));
    LH_RETURN_IF_ERROR(record.BindText(1, store));
    LH_RETURN_IF_ERROR(record.BindInt(2, migration.version));
    LH_RETURN_IF_ERROR(record.BindText(3, migration.description));
    LH_RETURN_IF_ERROR(record.BindInt(4, now_micros));
    LH_RETURN_IF_ERROR(record.Run());
    LH_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

}  // namespace lakehouse
