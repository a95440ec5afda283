#include "ingest/schedule_store_schema.h"

#include <string_view>

namespace lakehouse {
namespace {

// Scheduled ingest (src/ingest/schedule_service.h): the schedules (definition as JSON, run state
// as columns) and, per watching schedule, the files it has ingested (path + size + hash).
constexpr std::string_view kIngestSchedules = R"sql(
CREATE TABLE ingest_schedules (
  name          TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  definition    TEXT NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,
  next_retry_at INTEGER,
  last_error    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE TABLE ingest_schedule_files (
  schedule    TEXT NOT NULL COLLATE NOCASE,
  path        TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  ingested_at INTEGER NOT NULL,
  PRIMARY KEY (schedule, path)
) STRICT;
)sql";

}  // namespace

const std::vector<Migration>& ScheduleStoreMigrations() {
  static const std::vector<Migration> kSteps = {
      {1, "scheduled ingest: schedules and the files they watched", kIngestSchedules},
  };
  return kSteps;
}

}  // namespace lakehouse
