#include "vector/index_store_schema.h"

#include <string_view>

namespace lakehouse {
namespace {

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

}  // namespace

const std::vector<Migration>& VectorStoreMigrations() {
  static const std::vector<Migration> kSteps = {
      {1, "vector index registry", kVectorIndexes},
      {2, "vector index recall measurements and trials", kVectorIndexRecall},
  };
  return kSteps;
}

}  // namespace lakehouse
