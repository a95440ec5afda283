#include "ingest/schedule_service.h"

#include <algorithm>

#include "common/logging.h"
#include "common/status_detail.h"
#include "common/strings.h"
#include "ingest/db_dsn.h"
#include "ingest/watch_listing.h"
#include "jobs/cron_schedule.h"

namespace lakehouse {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

std::string SchedulerKey(std::string_view name) { return AsciiLower(name); }

}  // namespace

ScheduleService::ScheduleService(Metastore* metastore, IngestService* ingest, DbIngestService* db,
                                 BucketRegistry* buckets, JobService* jobs, const Clock* clock,
                                 ScheduleServiceOptions options)
    : store_(metastore),
      ingest_(ingest),
      db_(db),
      buckets_(buckets),
      jobs_(jobs),
      clock_(clock),
      options_(std::move(options)),
      scheduler_(clock) {
  jobs_->RegisterKind(std::string(kScheduledIngestJobKind),
                      [this](JobContext& context) { return Run(context); });
}

ScheduleService::~ScheduleService() { Stop(); }

Status ScheduleService::Start(bool background) {
  LH_ASSIGN_OR_RETURN(std::vector<IngestSchedule> all, store_.List());
  for (const IngestSchedule& schedule : all) Arm(schedule);
  if (background) scheduler_.Start(options_.poll);
  return Status::Ok();
}

void ScheduleService::Stop() { scheduler_.Stop(); }

Status ScheduleService::CheckSources(const IngestSchedule& schedule) const {
  if (schedule.kind == ScheduleKind::kDbPull) {
    if (db_ == nullptr) return FailedPrecondition("database pulls are not available");
    LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(schedule.db_pull.dsn));
    return db_->CheckSource(dsn);
  }
  if (!schedule.watch.folder.empty()) {
    return CheckWatchFolder(schedule.watch.folder, options_.watch_roots);
  }
  return buckets_->Describe(schedule.watch.bucket).status();
}

void ScheduleService::Arm(const IngestSchedule& schedule) {
  std::string name = schedule.name;
  auto fire = [this, name] { Fire(name); };
  if (!schedule.cron.empty()) {
    Result<CronSchedule> cron = CronSchedule::Parse(schedule.cron);
    if (!cron.ok()) {
      LH_LOG_ERROR("schedule '{}': bad cron '{}': {}", name, schedule.cron,
                   cron.status().ToString());
      return;
    }
    scheduler_.Set(SchedulerKey(name), std::move(cron).value(), std::move(fire));
  } else {
    scheduler_.SetInterval(SchedulerKey(name), schedule.interval_s * kMicrosPerSecond,
                           std::move(fire));
  }
}

void ScheduleService::Fire(const std::string& name) {
  MutexLock lock(submit_mu_);
  Result<IngestSchedule> schedule = store_.Get(name);
  if (!schedule.ok()) return;  // deleted meanwhile
  if (!schedule->enabled) return;
  if (schedule->next_retry_at && *schedule->next_retry_at > clock_->NowMicros()) return;
  Result<std::optional<Job>> active = ActiveRun(schedule->name);
  if (!active.ok() || active->has_value()) return;  // single-flight
  Result<Job> job = Submit(*schedule, "schedule");
  if (!job.ok()) {
    LH_LOG_WARN("scheduled ingest '{}' not started: {}", name, job.status().ToString());
  }
}

Result<std::optional<Job>> ScheduleService::ActiveRun(std::string_view name) {
  for (JobState state : {JobState::kRunning, JobState::kQueued}) {
    JobFilter filter;
    filter.state = state;
    filter.kind = std::string(kScheduledIngestJobKind);
    filter.target = std::string(name);
    filter.limit = 1;
    LH_ASSIGN_OR_RETURN(std::vector<Job> jobs, jobs_->List(filter));
    if (!jobs.empty()) return std::optional<Job>(std::move(jobs.front()));
  }
  return std::optional<Job>();
}

Result<Job> ScheduleService::Submit(const IngestSchedule& schedule, std::string_view trigger) {
  return jobs_->Submit(kScheduledIngestJobKind, schedule.name,
                       Json{{"schedule", schedule.name},
                            {"kind", std::string(ScheduleKindName(schedule.kind))},
                            {"trigger", std::string(trigger)}});
}

Result<ScheduleView> ScheduleService::View(IngestSchedule schedule) {
  ScheduleView view;
  const int64_t now = clock_->NowMicros();
  view.backing_off = schedule.next_retry_at && *schedule.next_retry_at > now;
  if (schedule.enabled) {
    std::optional<int64_t> next = scheduler_.NextRun(SchedulerKey(schedule.name));
    if (next && view.backing_off) {
      // Firings before the retry time are skipped: the first one at or after it runs.
      if (!schedule.cron.empty()) {
        Result<CronSchedule> cron = CronSchedule::Parse(schedule.cron);
        while (cron.ok() && *next < *schedule.next_retry_at) *next = cron->NextAfter(*next);
      } else {
        const int64_t step = schedule.interval_s * kMicrosPerSecond;
        const int64_t behind = *schedule.next_retry_at - *next;
        if (behind > 0) *next += (behind + step - 1) / step * step;
      }
    }
    view.next_run = next;
  }
  LH_ASSIGN_OR_RETURN(std::optional<Job> active, ActiveRun(schedule.name));
  if (active) view.active_job_id = active->id;
  JobFilter filter;
  filter.kind = std::string(kScheduledIngestJobKind);
  filter.target = schedule.name;
  filter.limit = options_.last_runs;
  LH_ASSIGN_OR_RETURN(view.last_runs, jobs_->List(filter));
  view.schedule = std::move(schedule);
  return view;
}

Result<ScheduleView> ScheduleService::Create(IngestSchedule schedule) {
  LH_RETURN_IF_ERROR(ValidateSchedule(schedule));
  LH_RETURN_IF_ERROR(CheckSources(schedule));
  schedule.created_at = schedule.updated_at = clock_->NowMicros();
  schedule.failures = 0;
  schedule.next_retry_at.reset();
  schedule.last_error.reset();
  LH_RETURN_IF_ERROR(store_.Insert(schedule));
  Arm(schedule);
  return View(std::move(schedule));
}

Result<std::vector<ScheduleView>> ScheduleService::List() {
  LH_ASSIGN_OR_RETURN(std::vector<IngestSchedule> all, store_.List());
  std::vector<ScheduleView> out;
  for (IngestSchedule& schedule : all) {
    LH_ASSIGN_OR_RETURN(ScheduleView view, View(std::move(schedule)));
    out.push_back(std::move(view));
  }
  return out;
}

Result<ScheduleView> ScheduleService::Get(std::string_view name) {
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, store_.Get(name));
  return View(std::move(schedule));
}

Result<ScheduleView> ScheduleService::Patch(std::string_view name, const SchedulePatch& patch) {
  MutexLock lock(submit_mu_);
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, store_.Get(name));
  if (patch.enabled) schedule.enabled = *patch.enabled;
  if (patch.cron) {
    schedule.cron = *patch.cron;
    schedule.interval_s = 0;
  }
  if (patch.interval_s) {
    schedule.interval_s = *patch.interval_s;
    if (!patch.cron) schedule.cron.clear();
  }
  if (patch.db_pull) {
    if (schedule.kind != ScheduleKind::kDbPull) {
      return InvalidArgument("schedule '", schedule.name, "' is a watch, not a db_pull");
    }
    schedule.db_pull = *patch.db_pull;
  }
  if (patch.watch) {
    if (schedule.kind != ScheduleKind::kWatch) {
      return InvalidArgument("schedule '", schedule.name, "' is a db_pull, not a watch");
    }
    schedule.watch = *patch.watch;
  }
  LH_RETURN_IF_ERROR(ValidateSchedule(schedule));
  LH_RETURN_IF_ERROR(CheckSources(schedule));
  schedule.updated_at = clock_->NowMicros();
  LH_RETURN_IF_ERROR(store_.UpdateDefinition(schedule));
  Arm(schedule);
  return View(std::move(schedule));
}

Status ScheduleService::Delete(std::string_view name) {
  MutexLock lock(submit_mu_);
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, store_.Get(name));
  LH_RETURN_IF_ERROR(store_.Delete(schedule.name));
  scheduler_.Remove(SchedulerKey(schedule.name));
  return Status::Ok();
}

Result<Job> ScheduleService::RunNow(std::string_view name) {
  MutexLock lock(submit_mu_);
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, store_.Get(name));
  LH_ASSIGN_OR_RETURN(std::optional<Job> active, ActiveRun(schedule.name));
  if (active) {
    return Conflict("schedule '", schedule.name, "' has a run in progress (job ", active->id, ", ",
                    JobStateName(active->state), ")");
  }
  return Submit(schedule, "run_now");
}

void ScheduleService::RecordOutcome(const IngestSchedule& schedule, const Status& status) {
  const int64_t now = clock_->NowMicros();
  Status saved;
  if (status.ok()) {
    saved = store_.UpdateRunState(schedule.name, 0, std::nullopt, std::nullopt, now);
  } else {
    const int32_t failures = schedule.failures + 1;
    int64_t delay = options_.backoff_max_s;
    if (failures - 1 < 40) {
      delay = std::min<int64_t>(options_.backoff_max_s,
                                options_.backoff_base_s * (int64_t{1} << (failures - 1)));
    }
    saved = store_.UpdateRunState(schedule.name, failures, now + delay * kMicrosPerSecond,
                                  status.ToString(), now);
  }
  if (!saved.ok() && saved.code() != StatusCode::kNotFound) {
    LH_LOG_WARN("schedule '{}': cannot record the run's outcome: {}", schedule.name,
                saved.ToString());
  }
}

Result<Json> ScheduleService::Run(JobContext& context) {
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, store_.Get(context.target()));
  Result<Json> result = schedule.kind == ScheduleKind::kDbPull ? RunDbPull(schedule, context)
                                                               : RunWatch(schedule, context);
  // A cancelled or interrupted run is neither a success nor a failure.
  if (result.ok() || result.status().code() != StatusCode::kCancelled) {
    RecordOutcome(schedule, result.status());
  }
  if (result.ok()) (*result)["schedule"] = schedule.name;
  return result;
}

Result<Json> ScheduleService::RunDbPull(const IngestSchedule& schedule, JobContext& context) {
  if (db_ == nullptr) return FailedPrecondition("database pulls are not available");
  DbIngestRequest request = schedule.db_pull;
  request.actor = schedule.actor;
  request.job_id = context.id();
  context.SetProgress(0, std::nullopt, "rows");
  Result<DbIngestResult> result = db_->Ingest(request, [&context](int64_t rows) {
    context.SetProgress(rows, std::nullopt, "rows");
    return !context.cancelled();
  });
  if (!result.ok()) {
    if (const Json* diff = FindDetail(result.status(), "schema_diff")) {
      context.SetDetail(Json{{"schema_diff", *diff}});
    }
    return result.status();
  }
  return result->ToJson();
}

Result<Json> ScheduleService::RunWatch(const IngestSchedule& schedule, JobContext& context) {
  const WatchSpec& watch = schedule.watch;
  if (!watch.folder.empty()) {
    LH_RETURN_IF_ERROR(CheckWatchFolder(watch.folder, options_.watch_roots));
  }
  LH_ASSIGN_OR_RETURN(std::vector<WatchCandidate> candidates, ListWatchCandidates(watch, buckets_));
  LH_ASSIGN_OR_RETURN(std::vector<WatchedFile> remembered, store_.WatchedFiles(schedule.name));
  std::vector<WatchCandidate> fresh = NewOrChanged(candidates, remembered);
  Json out = {{"files_seen", candidates.size()},
              {"files_new_or_changed", fresh.size()},
              {"files", Json::array()}};
  context.SetProgress(0, static_cast<int64_t>(fresh.size()), "files");
  if (fresh.empty()) {
    out["committed"] = false;
    return out;
  }
  LH_RETURN_IF_ERROR(context.CheckCancelled());
  IngestRequest request;
  request.dataset = watch.dataset;
  request.mode = watch.mode;
  request.key = watch.key;
  request.format = watch.format;
  request.allow_schema_change = watch.allow_schema_change;
  request.on_duplicate_key = watch.on_duplicate_key;
  request.actor = schedule.actor;
  request.job_id = context.id();
  std::vector<WatchedFile> ingested;
  for (const WatchCandidate& c : fresh) {
    request.files.push_back(IngestFile{c.local_path, c.file.path, c.file.sha256, nullptr});
    ingested.push_back(c.file);
  }
  Result<IngestResult> result = ingest_->Ingest(request);
  if (!result.ok()) {
    if (const Json* diff = FindDetail(result.status(), "schema_diff")) {
      context.SetDetail(Json{{"schema_diff", *diff}});
    }
    return result.status();
  }
  LH_RETURN_IF_ERROR(store_.RememberFiles(schedule.name, ingested, clock_->NowMicros()));
  context.SetProgress(static_cast<int64_t>(fresh.size()), static_cast<int64_t>(fresh.size()),
                      "files");
  Json ingest = result->ToJson();
  out["dataset"] = ingest["dataset"];
  out["version"] = ingest["version"];
  out["committed"] = ingest["committed"];
  out["rows_added"] = ingest["rows_added"];
  out["files"] = ingest["files"];
  return out;
}

}  // namespace lakehouse
