// JobContext: what a running job sees of the job system — its parameters, cooperative
// cancellation, and progress reporting. Progress, message and detail are kept in memory and
// written to the job's row at most every `flush_interval` (and when the job ends), so reporting
// per row or per chunk costs nothing measurable.
//
// Cancellation is cooperative: a runner checks cancelled() (or CheckCancelled()) between steps
// and returns a CANCELLED Status. It becomes true when a user cancels the job or when the server
// shuts down; in the second case the job system puts the job back in the queue instead of
// marking it cancelled, so it resumes on the next start.
//
// Thread-safety: thread-safe; a runner may report from several threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/json.h"
#include "common/mutex.h"
#include "common/status.h"
#include "jobs/job.h"

namespace lakehouse {

class JobStore;

class JobContext {
 public:
  JobContext(Job job, JobStore* store, const Clock* clock, int64_t flush_interval_micros);

  const std::string& id() const { return job_.id; }
  const std::string& kind() const { return job_.kind; }
  const std::string& target() const { return job_.target; }
  const Json& params() const { return job_.params; }
  // 1 on the first run; higher when the job resumed after a restart.
  int32_t attempt() const { return job_.attempts; }

  bool cancelled() const { return cancel_.load(std::memory_order_relaxed) || shutdown_.load(); }
  // CANCELLED ("job cancelled" / "server shutting down") when cancelled(), OK otherwise.
  Status CheckCancelled() const;

  void SetProgress(int64_t done, std::optional<int64_t> total, std::string_view unit);
  // Job-specific state shown in GET /jobs/{id}, e.g. {"failed_chunks":[…]}.
  void SetDetail(Json detail);

  // --- Used by JobService ---
  void RequestCancel() { cancel_.store(true); }
  void RequestShutdown() { shutdown_.store(true); }
  bool user_cancelled() const { return cancel_.load(); }
  bool shutting_down() const { return shutdown_.load(); }
  // Writes progress/message/detail now.
  void Flush();
  // The in-memory view of the job (fresher than its row), with the progress's rate and ETA.
  void Overlay(Job* job) const;

 private:
  void MaybeFlush(MutexLock& lock) LH_REQUIRES(mu_)
      // Unlocks `lock` when it flushes: the analysis cannot follow a lock across calls.
      LH_NO_THREAD_SAFETY_ANALYSIS;

  const Job job_;
  JobStore* const store_;
  const Clock* const clock_;
  const int64_t flush_interval_micros_;
  const int64_t run_started_micros_;  // monotonic; the rate counts this run only
  const int64_t done_at_start_;       // progress a resumed job starts from
  std::atomic<bool> cancel_{false};
  std::atomic<bool> shutdown_{false};

  mutable Mutex mu_;
  JobProgress progress_ LH_GUARDED_BY(mu_);
  std::string message_ LH_GUARDED_BY(mu_);
  Json detail_ LH_GUARDED_BY(mu_);
  int64_t last_flush_ LH_GUARDED_BY(mu_) = 0;
  bool dirty_ LH_GUARDED_BY(mu_) = false;
};

}  // namespace lakehouse
