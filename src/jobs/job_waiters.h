// JobWaiters: callbacks waiting for jobs to finish, without a thread per waiter — the
// asynchronous form of JobService::Wait, so an HTTP request with ?wait=true holds no worker
// while its job runs. Each waiter is called exactly once: with the job when JobService reports
// it finished (Fire), with DEADLINE_EXCEEDED when its timeout passes first (from this class's
// timer thread), or with UNAVAILABLE when the service stops (FireAll).
//
// Thread-safety: thread-safe. Callbacks run outside the lock, on the thread that fired them (a
// job worker, the timer thread, or the one stopping the service); they must be quick and must
// not call back into this object synchronously... except Add, which is allowed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/mutex.h"
#include "common/result.h"
#include "jobs/job.h"

namespace lakehouse {

using JobDoneCallback = std::function<void(Result<Job>)>;

class JobWaiters {
 public:
  using Clock = std::chrono::steady_clock;

  JobWaiters();
  ~JobWaiters();  // fires every remaining waiter with UNAVAILABLE and joins the timer thread
  JobWaiters(const JobWaiters&) = delete;
  JobWaiters& operator=(const JobWaiters&) = delete;

  // Registers `done` for job `id` until `timeout`. After FireAll, calls it at once (UNAVAILABLE).
  void Add(std::string_view id, std::chrono::milliseconds timeout, JobDoneCallback done);
  bool Waiting(std::string_view id) const;
  // Calls (and removes) every waiter of `job`'s id with `job`.
  void Fire(std::string_view id, const Result<Job>& job);
  // Calls every waiter with `status`; later Adds are answered with it at once.
  void FireAll(const Status& status);
  int64_t size() const;

 private:
  struct Waiter {
    std::string id;
    Clock::time_point deadline;
    std::chrono::milliseconds timeout;
    JobDoneCallback done;
  };
  void TimerLoop();

  mutable Mutex mu_;
  std::condition_variable changed_;
  std::multimap<std::string, Waiter, std::less<>> waiters_ LH_GUARDED_BY(mu_);
  bool closed_ LH_GUARDED_BY(mu_) = false;
  Status closed_status_ LH_GUARDED_BY(mu_);
  bool stop_timer_ LH_GUARDED_BY(mu_) = false;
  std::thread timer_;
};

}  // namespace lakehouse
