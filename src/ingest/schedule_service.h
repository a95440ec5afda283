// ScheduleService: scheduled ingest (POST /schedules) — database pulls and watched folders or
// bucket prefixes run on a cron expression or an interval (ingest/ingest_schedule.h).
//
//   * Timing: the jobs Scheduler (jobs/scheduler.h) on the injected Clock; production polls it
//     from a background thread (Start), tests call Tick() after moving a ManualClock. A disabled
//     schedule keeps its entry but its firings do nothing; RunNow runs it anyway.
//   * Runs are jobs: kind "scheduled_ingest", target the schedule's name; GET /jobs shows them,
//     and a schedule's view lists its last runs (newest first) with their results and errors.
//   * Single-flight: a firing or RunNow while a run of the same schedule is queued or running
//     starts nothing (RunNow answers CONFLICT naming that job). The job table is the truth, so this
//     holds across restarts (a run left behind by a crash resumes as a job).
//   * Backoff: a failed run sets failures, last_error and next_retry_at = now + base·2^(failures-1)
//     capped at backoff_max; firings before next_retry_at are skipped (the view shows it), a
//     success clears all three. RunNow ignores the backoff. A cancelled run changes nothing.
//   * Watch runs list the folder or prefix (ingest/watch_listing.h), ingest the files that are new
//     or changed (by path + size + SHA-256) as ONE commit with the schedule's mode, and only then
//     remember them; a failed ingest remembers nothing, so the next run tries the same files again.
//   * Persistence: definitions, run state and remembered files live in catalog.db
//     (ingest/schedule_store.h); Start() re-arms every schedule after a restart.
//
// Thread-safety: thread-safe. Borrowed services must outlive it; Stop() before they die (and
// before the JobService stops, so no firing submits into a stopped service).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "ingest/db_ingest_service.h"
#include "ingest/ingest_schedule.h"
#include "ingest/ingest_service.h"
#include "ingest/schedule_options.h"
#include "ingest/schedule_store.h"
#include "jobs/job_service.h"
#include "jobs/scheduler.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

inline constexpr std::string_view kScheduledIngestJobKind = "scheduled_ingest";

// A schedule as GET /schedules/{name} shows it.
struct ScheduleView {
  IngestSchedule schedule;
  std::optional<int64_t> next_run;  // the next firing that will run (after any backoff)
  bool backing_off = false;
  std::optional<std::string> active_job_id;  // a queued or running run
  std::vector<Job> last_runs;                // newest first
};

class ScheduleService {
 public:
  // Registers the job kind with `jobs` (before jobs->Start()). `db` may be null (no database
  // pulls: creating one is FAILED_PRECONDITION).
  ScheduleService(Metastore* metastore, IngestService* ingest, DbIngestService* db,
                  BucketRegistry* buckets, JobService* jobs, const Clock* clock,
                  ScheduleServiceOptions options);
  ~ScheduleService();  // Stop()s
  ScheduleService(const ScheduleService&) = delete;
  ScheduleService& operator=(const ScheduleService&) = delete;

  // Arms every stored schedule; with `background`, starts the polling thread.
  Status Start(bool background = true);
  void Stop();
  // Fires what is due now (tests, after moving the clock).
  void Tick() { scheduler_.Tick(); }

  // INVALID_ARGUMENT (ValidateSchedule), PERMISSION_DENIED (a folder outside the allowed roots,
  // a DSN host the source policy refuses), NOT_FOUND (unknown bucket), ALREADY_EXISTS.
  Result<ScheduleView> Create(IngestSchedule schedule);
  Result<std::vector<ScheduleView>> List();
  Result<ScheduleView> Get(std::string_view name);  // NOT_FOUND
  // The patched schedule is validated like a new one; the timing is re-armed from now.
  Result<ScheduleView> Patch(std::string_view name, const SchedulePatch& patch);
  // Removes the schedule and its remembered files; a run in progress finishes.
  Status Delete(std::string_view name);
  // Starts a run now, even when disabled or backing off. CONFLICT when one is queued or running.
  Result<Job> RunNow(std::string_view name);

 private:
  Status CheckSources(const IngestSchedule& schedule) const;
  void Arm(const IngestSchedule& schedule);
  void Fire(const std::string& name);
  // The queued or running run of `name`, if any.
  Result<std::optional<Job>> ActiveRun(std::string_view name);
  Result<Job> Submit(const IngestSchedule& schedule, std::string_view trigger)
      LH_REQUIRES(submit_mu_);
  Result<ScheduleView> View(IngestSchedule schedule);

  // The job runner and its two kinds of run.
  Result<Json> Run(JobContext& context);
  Result<Json> RunDbPull(const IngestSchedule& schedule, JobContext& context);
  Result<Json> RunWatch(const IngestSchedule& schedule, JobContext& context);
  void RecordOutcome(const IngestSchedule& schedule, const Status& status);

  ScheduleStore store_;
  IngestService* const ingest_;
  DbIngestService* const db_;
  BucketRegistry* const buckets_;
  JobService* const jobs_;
  const Clock* const clock_;
  const ScheduleServiceOptions options_;
  Scheduler scheduler_;
  // Serialises "is a run active? then submit one", so two triggers cannot both submit.
  Mutex submit_mu_;
};

}  // namespace lakehouse
