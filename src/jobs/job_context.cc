#include "jobs/job_context.h"

#include "common/logging.h"
#include "common/mutex.h"
#include "jobs/job_store.h"

namespace lakehouse {

JobContext::JobContext(Job job, JobStore* store, const Clock* clock, int64_t flush_interval_micros)
    : job_(std::move(job)),
      store_(store),
      clock_(clock),
      flush_interval_micros_(flush_interval_micros),
      run_started_micros_(clock->MonotonicMicros()),
      done_at_start_(job_.progress.done),
      progress_(job_.progress),
      message_(job_.message),
      detail_(job_.detail),
      last_flush_(clock->MonotonicMicros()) {}

Status JobContext::CheckCancelled() const {
  if (cancel_.load()) return Cancelled("job ", job_.id, " cancelled");
  if (shutdown_.load()) return Cancelled("server shutting down");
  return Status::Ok();
}

void JobContext::SetProgress(int64_t done, std::optional<int64_t> total, std::string_view unit) {
  MutexLock lock(mu_);
  progress_.done = done;
  progress_.total = total;
  progress_.unit = std::string(unit);
  dirty_ = true;
  MaybeFlush(lock);
}

void JobContext::SetDetail(Json detail) {
  MutexLock lock(mu_);
  detail_ = std::move(detail);
  dirty_ = true;
  MaybeFlush(lock);
}

void JobContext::MaybeFlush(MutexLock& lock) {
  int64_t now = clock_->MonotonicMicros();
  if (now - last_flush_ < flush_interval_micros_) return;
  last_flush_ = now;
  JobProgress progress = progress_;
  std::string message = message_;
  Json detail = detail_;
  dirty_ = false;
  lock.Unlock();
  Status status = store_->SaveProgress(job_.id, progress, message, detail, clock_->NowMicros());
  if (!status.ok()) LH_LOG_WARN("job {}: saving progress failed: {}", job_.id, status.ToString());
}

void JobContext::Flush() {
  MutexLock lock(mu_);
  if (!dirty_) return;
  last_flush_ = clock_->MonotonicMicros() - flush_interval_micros_;  // due now
  MaybeFlush(lock);
}

void JobContext::Overlay(Job* job) const {
  MutexLock lock(mu_);
  job->progress = progress_;
  job->message = message_;
  job->detail = detail_;
  const double elapsed_s =
      static_cast<double>(clock_->MonotonicMicros() - run_started_micros_) / 1e6;
  // A job's size can shrink as it learns it: a done below the starting point is a fresh count.
  const int64_t base = progress_.done >= done_at_start_ ? done_at_start_ : 0;
  const int64_t done_now = progress_.done - base;
  if (elapsed_s > 0 && done_now > 0) {
    const double rate = static_cast<double>(done_now) / elapsed_s;
    job->progress.rate_per_s = rate;
    if (progress_.total && *progress_.total >= progress_.done) {
      job->progress.eta_s =
          static_cast<int64_t>(static_cast<double>(*progress_.total - progress_.done) / rate + 0.5);
    }
  }
}

}  // namespace lakehouse
