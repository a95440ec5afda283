#include "jobs/job_service.h"

#include <exception>

#include "common/ids.h"
#include "common/logging.h"
#include "common/mutex.h"

namespace lakehouse {

JobService::JobService(Metastore* metastore, const Clock* clock, JobServiceOptions options)
    : store_(metastore), clock_(clock), options_(options) {}

JobService::~JobService() { Stop(); }

void JobService::RegisterKind(std::string kind, JobRunner runner) {
  runners_[std::move(kind)] = std::move(runner);
}

Status JobService::Start() {
  {
    MutexLock lock(mu_);
    if (started_) return FailedPrecondition("job service already started");
  }
  LH_ASSIGN_OR_RETURN(int64_t requeued, store_.RequeueAllRunning(clock_->NowMicros()));
  if (requeued > 0) LH_LOG_INFO("jobs: {} interrupted job(s) queued again", requeued);
  LH_ASSIGN_OR_RETURN(std::vector<std::string> queued, store_.QueuedIds());
  MutexLock lock(mu_);
  started_ = true;
  for (std::string& id : queued) queue_.push_back(std::move(id));
  int32_t workers = std::max(1, options_.workers);
  for (int32_t i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  return Status::Ok();
}

void JobService::Stop() {
  {
    MutexLock lock(mu_);
    if (!started_ || stopping_) {
      stopping_ = true;
      return;
    }
    stopping_ = true;
    for (auto& [id, context] : running_) context->RequestShutdown();
  }
  work_cv_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  done_cv_.notify_all();
  waiters_.FireAll(Unavailable("server shutting down"));
}

Result<Job> JobService::Submit(std::string_view kind, std::string_view target, Json params,
                               SubmitOptions options) {
  if (runners_.find(kind) == runners_.end()) {
    return InvalidArgument("unknown job kind '", std::string(kind), "'");
  }
  // Serialises coalescing decisions so two triggers cannot both queue a job.
  MutexLock submit_lock(mu_);
  if (options.coalesce) {
    LH_ASSIGN_OR_RETURN(std::optional<Job> queued, store_.FindQueued(kind, target));
    if (queued) return std::move(*queued);
  }
  Job job;
  job.id = NewUuid();
  job.kind = std::string(kind);
  job.target = std::string(target);
  job.params = params.is_null() ? Json::object() : std::move(params);
  job.created_at = job.updated_at = clock_->NowMicros();
  LH_RETURN_IF_ERROR(store_.Insert(job));
  // The job continues the submitting request's trace (in memory: a resumed job starts its own).
  if (TraceHandle trace = CurrentTrace(); trace.context.valid()) traces_[job.id] = trace;
  if (started_ && !stopping_) {
    queue_.push_back(job.id);
    work_cv_.notify_one();
  }
  return job;
}

Result<Job> JobService::Get(std::string_view id) {
  LH_ASSIGN_OR_RETURN(Job job, store_.Get(id));
  MutexLock lock(mu_);
  auto it = running_.find(id);
  if (it != running_.end() && job.state == JobState::kRunning) it->second->Overlay(&job);
  return job;
}

Result<std::vector<Job>> JobService::List(const JobFilter& filter) {
  LH_ASSIGN_OR_RETURN(std::vector<Job> jobs, store_.List(filter));
  MutexLock lock(mu_);
  for (Job& job : jobs) {
    auto it = running_.find(job.id);
    if (it != running_.end() && job.state == JobState::kRunning) it->second->Overlay(&job);
  }
  return jobs;
}

Result<Job> JobService::ClaimOwner(std::string_view id, std::string_view owner) {
  LH_RETURN_IF_ERROR(store_.ClaimOwner(id, owner));
  return Get(id);
}

Result<Job> JobService::Cancel(std::string_view id) {
  LH_ASSIGN_OR_RETURN(Job job, store_.Get(id));
  if (IsTerminal(job.state)) return job;
  LH_RETURN_IF_ERROR(store_.SetCancelRequested(id, clock_->NowMicros()));
  bool running = false;
  {
    MutexLock lock(mu_);
    auto it = running_.find(id);
    if (it != running_.end()) {
      it->second->RequestCancel();
      running = true;
    }
  }
  if (running) return Get(id);
  // Queued (or running in no worker of ours): cancel it outright. A worker that picks it up
  // later finds it no longer queued and skips it.
  Status finished = store_.Finish(id, JobState::kCancelled, nullptr,
                                  std::string("cancelled before it ran"), clock_->NowMicros());
  if (!finished.ok() && finished.code() != StatusCode::kFailedPrecondition) return finished;
  done_cv_.notify_all();
  NotifyWaiters(id);
  return store_.Get(id);
}

Result<Job> JobService::Wait(std::string_view id, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    LH_ASSIGN_OR_RETURN(Job job, Get(id));
    if (IsTerminal(job.state)) return job;
    MutexLock lock(mu_);
    if (stopping_)
      return Unavailable("server shutting down; job ", std::string(id), " is ",
                         JobStateName(job.state));
    if (std::chrono::steady_clock::now() >= deadline) {
      return DeadlineExceeded("job ", std::string(id), " still ", JobStateName(job.state),
                              " after ", std::to_string(timeout.count()), " ms");
    }
    // Bounded wait: also catches a finish recorded by another path (e.g. Cancel of a queued job).
    done_cv_.wait_until(lock.native(), std::min(deadline, std::chrono::steady_clock::now() +
                                                              std::chrono::milliseconds(200)));
  }
}

void JobService::WhenFinished(std::string_view id, std::chrono::milliseconds timeout,
                              JobDoneCallback done) {
  Result<Job> job = Get(id);
  if (!job.ok() || IsTerminal(job->state)) {
    done(std::move(job));
    return;
  }
  waiters_.Add(id, timeout, std::move(done));
  NotifyWaiters(id);  // it may have finished between Get and Add
}

void JobService::NotifyWaiters(std::string_view id) {
  if (!waiters_.Waiting(id)) return;
  Result<Job> job = Get(id);
  if (!job.ok() || IsTerminal(job->state)) waiters_.Fire(id, job);
}

bool JobService::IsRunning(std::string_view kind, std::string_view target) const {
  MutexLock lock(mu_);
  for (const auto& [id, context] : running_) {
    if (context->kind() == kind && context->target() == target) return true;
  }
  return false;
}

void JobService::WorkerLoop() {
  while (true) {
    std::string id;
    {
      MutexLock lock(mu_);
      work_cv_.wait(lock.native(), [&]() LH_REQUIRES(mu_) { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = std::move(queue_.front());
      queue_.pop_front();
    }
    RunOne(id);
  }
}

void JobService::RunOne(const std::string& id) {
  TraceHandle trace;
  {
    MutexLock lock(mu_);
    if (auto it = traces_.find(id); it != traces_.end()) {
      trace = it->second;
      traces_.erase(it);
    }
  }
  Result<Job> claimed = store_.MarkRunning(id, clock_->NowMicros());
  if (!claimed.ok()) {
    // Cancelled while queued, or claimed already: nothing to do.
    if (claimed.status().code() != StatusCode::kFailedPrecondition) {
      LH_LOG_WARN("jobs: cannot start {}: {}", id, claimed.status().ToString());
    }
    return;
  }
  Job job = std::move(claimed).value();
  auto runner = runners_.find(job.kind);
  auto context = std::make_shared<JobContext>(job, &store_, clock_, options_.progress_flush_micros);
  {
    MutexLock lock(mu_);
    running_[job.id] = context;
    if (stopping_) context->RequestShutdown();
  }
  if (job.cancel_requested) context->RequestCancel();

  ScopedTrace traced(trace);
  Span span("job " + job.kind);
  span.SetAttribute("lakehouse.job_id", job.id);
  Result<Json> outcome = Internal("no runner");
  if (runner == runners_.end()) {
    outcome = FailedPrecondition("no runner for job kind '", job.kind, "'");
  } else {
    try {
      outcome = runner->second(*context);
    } catch (const std::exception& e) {
      outcome = Internal("job runner threw: ", e.what());
    } catch (...) {
      outcome = Internal("job runner threw a non-standard exception");
    }
  }
  context->Flush();
  if (!outcome.ok()) span.SetError(outcome.status().message());

  int64_t now = clock_->NowMicros();
  Status saved;
  if (outcome.ok()) {
    saved = store_.Finish(job.id, JobState::kSucceeded, outcome.value(), std::nullopt, now);
  } else if (outcome.status().code() == StatusCode::kCancelled && !context->user_cancelled() &&
             context->shutting_down()) {
    saved = store_.Requeue(job.id, "interrupted by shutdown; resumes on the next start", now);
  } else if (outcome.status().code() == StatusCode::kCancelled) {
    saved = store_.Finish(job.id, JobState::kCancelled, nullptr, outcome.status().message(), now);
  } else {
    LH_LOG_WARN("job {} ({} {}) failed: {}", job.id, job.kind, job.target,
                outcome.status().ToString());
    saved = store_.Finish(job.id, JobState::kFailed, nullptr, outcome.status().ToString(), now);
  }
  if (!saved.ok())
    LH_LOG_ERROR("jobs: recording the end of {} failed: {}", job.id, saved.ToString());
  {
    MutexLock lock(mu_);
    running_.erase(job.id);
  }
  done_cv_.notify_all();
  NotifyWaiters(job.id);
}

}  // namespace lakehouse
