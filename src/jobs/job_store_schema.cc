#include "jobs/job_store_schema.h"

#include <string_view>

namespace lakehouse {
namespace {

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

// Who started a job (the principal of the request that submitted it; '' = the server itself, e.g.
// a cron schedule). Non-admins see and cancel only their own jobs.
constexpr std::string_view kJobOwner = R"sql(
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace

const std::vector<Migration>& JobStoreMigrations() {
  static const std::vector<Migration> kSteps = {{1, "background jobs", kJobs},
                                                {2, "job owners", kJobOwner}};
  return kSteps;
}

}  // namespace lakehouse
