// JobService: runs background jobs on a fixed pool of worker threads, persisting every job in
// the metastore (JobStore) so that jobs survive restarts.
//
//   * Kinds: each job kind has one runner, registered before Start():
//       Result<Json> runner(JobContext&)
//     OK → succeeded with the returned result; CANCELLED after a user's cancel → cancelled;
//     CANCELLED at shutdown → back to queued (resumes on the next start); any other error →
//     failed with the message. An exception escaping a runner is caught and fails the job: no
//     exception leaves a worker.
//   * Resume: at Start(), jobs left `running` by a previous process go back to `queued` and every
//     queued job is scheduled again, oldest first. Runners must therefore be resumable (index
//     builds and refreshes resume from their last checkpoint; see src/vector/).
//   * Coalescing: Submit with coalesce = true returns the already-queued job of the same kind
//     and target instead of queueing another (at most one queued per target, however many
//     triggers arrive; one may be running beside it).
//
// Thread-safety: thread-safe. Borrowed pointers must outlive the service; Stop() before they die.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "jobs/job.h"
#include "jobs/job_context.h"
#include "jobs/job_store.h"
#include "jobs/job_waiters.h"
#include "telemetry/span.h"

namespace lakehouse {

using JobRunner = std::function<Result<Json>(JobContext&)>;

struct JobServiceOptions {
  int32_t workers = 2;
  // How often a running job's progress is written to its row.
  int64_t progress_flush_micros = 250'000;
};

struct SubmitOptions {
  bool coalesce = false;  // reuse a queued job of the same kind and target
};

class JobService {
 public:
  JobService(Metastore* metastore, const Clock* clock, JobServiceOptions options);
  ~JobService();  // Stop()s
  JobService(const JobService&) = delete;
  JobService& operator=(const JobService&) = delete;

  // Before Start() only.
  void RegisterKind(std::string kind, JobRunner runner);

  // Requeues jobs a previous process left running and starts the workers.
  Status Start();
  // Asks running jobs to stop (they go back to queued), waits for the workers and returns.
  void Stop();

  // INVALID_ARGUMENT for an unregistered kind.
  Result<Job> Submit(std::string_view kind, std::string_view target, Json params,
                     SubmitOptions options = {});
  Result<Job> Get(std::string_view id);
  // Records the principal that started `id` (kept when it has one already) and returns the job.
  Result<Job> ClaimOwner(std::string_view id, std::string_view owner);
  Result<std::vector<Job>> List(const JobFilter& filter);
  // A queued job is cancelled at once; a running one is asked to stop (its state changes when
  // its runner returns). A finished job is returned unchanged.
  Result<Job> Cancel(std::string_view id);
  // Waits until the job is finished or `timeout` passes (then DEADLINE_EXCEEDED) and returns it.
  Result<Job> Wait(std::string_view id, std::chrono::milliseconds timeout);

  // The asynchronous Wait: calls `done` once, from another thread (or at once when the job is
  // finished already or unknown), with the finished job, DEADLINE_EXCEEDED after `timeout`, or
  // UNAVAILABLE when the service stops first. Holds no thread while the job runs. `done` must be
  // quick (it runs on a job worker or the waiters' timer thread).
  void WhenFinished(std::string_view id, std::chrono::milliseconds timeout, JobDoneCallback done);

  // True while a job of kind+target is running (in this process).
  bool IsRunning(std::string_view kind, std::string_view target) const;

 private:
  void WorkerLoop();
  void RunOne(const std::string& id);
  // Answers the waiters of `id` when it is finished.
  void NotifyWaiters(std::string_view id);

  JobStore store_;
  const Clock* clock_;
  const JobServiceOptions options_;
  std::map<std::string, JobRunner, std::less<>> runners_;  // fixed after Start()

  mutable Mutex mu_;
  std::condition_variable work_cv_;  // new queued work or stopping
  std::condition_variable done_cv_;  // a job finished
  std::deque<std::string> queue_ LH_GUARDED_BY(mu_);
  std::map<std::string, std::shared_ptr<JobContext>, std::less<>> running_ LH_GUARDED_BY(mu_);
  // The trace each queued job was submitted in (telemetry/span.h), taken when it runs.
  std::map<std::string, TraceHandle, std::less<>> traces_ LH_GUARDED_BY(mu_);
  bool started_ LH_GUARDED_BY(mu_) = false;
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
  JobWaiters waiters_;  // ?wait=true requests waiting for their job (WhenFinished)
};

}  // namespace lakehouse
