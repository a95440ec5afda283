#include "catalog/schema_migrations.h"

#include <string>

#include "catalog/sqlite_statement.h"
#include "catalog/sqlite_transaction.h"

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

// Background jobs (src/jobs/job_store.h). Progress and messages are overwritten while a job runs;
// params, result and detail are JSON text.
constexpr std::string_view kJobs = R"sql(
CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  target           TEXT NOT NULL DEFAULT '',
  state            TEXT NOT NULL
                   CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  params           TEXT NOT NULL DEFAULT '{}',
  progress_done    INTEGER NOT NULL DEFAULT 0,
  progress_total   INTEGER,
  progress_unit    TEXT NOT NULL DEFAULT '',
  message          TEXT NOT NULL DEFAULT '',
  error            TEXT,
  result           TEXT,
  detail           TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_by_state ON jobs (state, created_at);
CREATE INDEX jobs_by_target ON jobs (kind, target, state);
)sql";

// Vector indexes (src/vector/index_store.h): one row per generation of an index. The `active`
// generation serves searches; a `shadow` generation is being built to replace it (a model or
// chunking change). Checkpoint state (parts_seq, next_label, graph_seq) belongs to a generation.
constexpr std::string_view kVectorIndexes = R"sql(
CREATE TABLE vector_indexes (
  name                 TEXT NOT NULL,
  generation           INTEGER NOT NULL CHECK (generation >= 1),
  role                 TEXT NOT NULL CHECK (role IN ('active', 'shadow')),
  dataset              TEXT NOT NULL,
  definition           TEXT NOT NULL,
  status               TEXT NOT NULL,
  built_from_version   INTEGER NOT NULL DEFAULT 0,
  parts_seq            INTEGER NOT NULL DEFAULT 0,
  graph_seq            INTEGER NOT NULL DEFAULT 0,
  next_label           INTEGER NOT NULL DEFAULT 0,
  doc_count            INTEGER NOT NULL DEFAULT 0,
  chunk_count          INTEGER NOT NULL DEFAULT 0,
  rows_embedded        INTEGER NOT NULL DEFAULT 0,
  last_embedded_at     INTEGER,
  build_ms             INTEGER NOT NULL DEFAULT 0,
  chunks_per_s         REAL NOT NULL DEFAULT 0,
  last_error           TEXT,
  failures             INTEGER NOT NULL DEFAULT 0,
  next_retry_at        INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  last_used            INTEGER,
  PRIMARY KEY (name, generation)
) STRICT;
CREATE UNIQUE INDEX vector_indexes_one_role ON vector_indexes (name COLLATE NOCASE, role);
CREATE INDEX vector_indexes_by_dataset ON vector_indexes (dataset COLLATE NOCASE);
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

// The recall a vector index measured on itself and the search strategy chosen from it
// (src/vector/recall_tuner.h), as JSON, NULL until first measured; and its trial journal.
constexpr std::string_view kVectorIndexRecall = R"sql(
ALTER TABLE vector_indexes ADD COLUMN recall TEXT;
-- The trial journal of an index (src/vector/trial_store.h): one row per tried setting.
CREATE TABLE vector_index_trials (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  index_name    TEXT NOT NULL,
  generation    INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('sampled', 'given')),
  queries       INTEGER NOT NULL,
  k             INTEGER NOT NULL,
  m             INTEGER NOT NULL,
  ef_construction INTEGER NOT NULL,
  ef_search     INTEGER NOT NULL,
  recall        REAL NOT NULL,
  p50_us        REAL NOT NULL,
  p95_us        REAL NOT NULL,
  p99_us        REAL NOT NULL,
  build_ms      INTEGER NOT NULL,
  memory_bytes  INTEGER NOT NULL,
  promoted      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX vector_index_trials_by_index ON vector_index_trials (index_name COLLATE NOCASE, id);
)sql";

// API keys and custom roles (src/access/access_store.h). A key is stored as the SHA-256 of the
// whole key, never the key; revoked keys keep their row. Roles' grants are JSON arrays.
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

const std::vector<Migration>& CatalogMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "datasets, columns, tags, versions and data files", kInitialSchema},
      {2, "data file kinds: data and delete (tombstone) files", kDataFileKinds},
      {3, "background jobs", kJobs},
      {4, "vector index registry", kVectorIndexes},
      {5, "ingest marks: dedup hashes and high-water marks out of the version detail",
       kIngestMarks},
      {6, "vector index recall measurements and trials", kVectorIndexRecall},
      {7, "access: API keys (hashed) and custom roles", kAccess},
  };
  return kMigrations;
}

int64_t LatestCatalogSchemaVersion() { return CatalogMigrations().back().version; }

Status ApplyMigrations(SqliteDatabase& db, const std::vector<Migration>& migrations,
                       int64_t now_micros) {
  LH_RETURN_IF_ERROR(
      db.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                 "description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT"));
  LH_ASSIGN_OR_RETURN(int64_t current, db.UserVersion());
  int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return FailedPrecondition("catalog schema version ", std::to_string(current),
                              " is newer than this binary supports (", std::to_string(latest), ")");
  }
  int64_t expected = 1;
  for (const Migration& migration : migrations) {
    if (migration.version != expected++) {
      return Internal("catalog migrations are not numbered 1..n contiguously");
    }
    if (migration.version <= current) continue;
    LH_ASSIGN_OR_RETURN(auto tx, SqliteTransaction::Begin(db, SqliteTransaction::Mode::kImmediate));
    // Re-read inside the write lock: another process may have migrated meanwhile.
    LH_ASSIGN_OR_RETURN(int64_t now_current, db.UserVersion());
    if (migration.version <= now_current) continue;
    Status status = db.Execute(migration.sql);
    if (!status.ok()) {
      return status.WithContext(StrCat("catalog migration ", std::to_string(migration.version)));
    }
    LH_ASSIGN_OR_RETURN(auto record,
                        db.Prepare("INSERT INTO schema_migrations (version, description, "
                                   "applied_at) VALUES (?, ?, ?)"));
    LH_RETURN_IF_ERROR(record.BindInt(1, migration.version));
    LH_RETURN_IF_ERROR(record.BindText(2, migration.description));
    LH_RETURN_IF_ERROR(record.BindInt(3, now_micros));
    LH_RETURN_IF_ERROR(record.Run());
    LH_RETURN_IF_ERROR(db.SetUserVersion(migration.version));
    LH_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

}  // namespace lakehouse
