// IngestSchedule: a scheduled ingest as data (POST /schedules) — what to pull or watch, when, and
// the state its runs leave behind (failures, backoff, last error).
//
//   * kind "db_pull": a PostgreSQL table or query pulled like POST /ingest/db (DbIngestRequest),
//     usually incremental. The DSN must carry no secret (a schedule is persisted and runs after
//     restarts): the password comes from the server's password file (postgres.password_file).
//   * kind "watch": a local folder (under one of schedules.watch_roots) or a bucket + prefix;
//     every file not seen before, or seen with another size or SHA-256, is ingested into the
//     dataset with the schedule's mode. Files are remembered per schedule by path + size + hash.
//   * timing: a 5-field cron expression (jobs/cron_schedule.h, UTC) or an interval in seconds.
//
// Thread-safety: plain values; externally synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "ingest/db_ingest_service.h"
#include "ingest/format.h"
#include "ingest/ingest_service.h"

namespace lakehouse {

enum class ScheduleKind { kDbPull, kWatch };

std::string_view ScheduleKindName(ScheduleKind kind);  // "db_pull" | "watch"
Result<ScheduleKind> ParseScheduleKind(std::string_view name);

struct WatchSpec {
  std::string folder;  // a local directory, or "" with a bucket
  std::string bucket;  // with `prefix` ("" → the whole bucket)
  std::string prefix;
  std::string dataset;
  IngestMode mode = IngestMode::kAppend;
  std::string key;
  std::optional<InputFormat> format;  // unset → detected per file
  bool allow_schema_change = false;
  DuplicateKeyPolicy on_duplicate_key = DuplicateKeyPolicy::kError;
};

struct IngestSchedule {
  std::string name;  // [A-Za-z0-9_.-]{1,64}, unique case-insensitively
  ScheduleKind kind = ScheduleKind::kDbPull;
  DbIngestRequest db_pull;  // kind db_pull; `dsn` as given (no secret)
  WatchSpec watch;          // kind watch
  std::string cron;         // exactly one of cron and interval_s
  int64_t interval_s = 0;
  bool enabled = true;
  std::string actor = "api";
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // Run state: consecutive failures, when the next try is allowed, the last failure's message.
  int32_t failures = 0;
  std::optional<int64_t> next_retry_at;
  std::optional<std::string> last_error;
};

// A partial update (PATCH /schedules/{name}); unset fields stay. Setting cron clears interval_s
// and the other way round.
struct SchedulePatch {
  std::optional<bool> enabled;
  std::optional<std::string> cron;
  std::optional<int64_t> interval_s;
  std::optional<DbIngestRequest> db_pull;
  std::optional<WatchSpec> watch;
};

// INVALID_ARGUMENT naming the field: a bad name, a bad cron expression, not exactly one of cron
// and interval_s (interval 1 s … 366 days), a db_pull without a DSN or with a secret in it, with
// not exactly one of table and query, a watch without a dataset or with neither/both of folder
// and bucket. Folders are checked against the allowed roots by the service.
Status ValidateSchedule(const IngestSchedule& schedule);

// The schedule's definition (no run state) as stored in the catalog, and back.
Json ScheduleDefinitionToJson(const IngestSchedule& schedule);
Result<IngestSchedule> ScheduleDefinitionFromJson(const Json& json);

}  // namespace lakehouse
