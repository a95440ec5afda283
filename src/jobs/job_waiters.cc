#include "jobs/job_waiters.h"

namespace lakehouse {

JobWaiters::JobWaiters() : timer_([this] { TimerLoop(); }) {}

JobWaiters::~JobWaiters() {
  FireAll(Unavailable("server shutting down"));
  {
    MutexLock lock(mu_);
    stop_timer_ = true;
  }
  changed_.notify_all();
  timer_.join();
}

void JobWaiters::Add(std::string_view id, std::chrono::milliseconds timeout, JobDoneCallback done) {
  Status closed;
  {
    MutexLock lock(mu_);
    if (!closed_) {
      waiters_.emplace(std::string(id),
                       Waiter{std::string(id), Clock::now() + timeout, timeout, std::move(done)});
      changed_.notify_all();
      return;
    }
    closed = closed_status_;
  }
  done(closed);
}

bool JobWaiters::Waiting(std::string_view id) const {
  MutexLock lock(mu_);
  return waiters_.find(id) != waiters_.end();
}

int64_t JobWaiters::size() const {
  MutexLock lock(mu_);
  return static_cast<int64_t>(waiters_.size());
}

void JobWaiters::Fire(std::string_view id, const Result<Job>& job) {
  std::vector<JobDoneCallback> ready;
  {
    MutexLock lock(mu_);
    auto [begin, end] = waiters_.equal_range(id);
    for (auto it = begin; it != end; ++it) ready.push_back(std::move(it->second.done));
    waiters_.erase(begin, end);
  }
  for (JobDoneCallback& done : ready) done(job);
}

void JobWaiters::FireAll(const Status& status) {
  std::multimap<std::string, Waiter, std::less<>> all;
  {
    MutexLock lock(mu_);
    closed_ = true;
    closed_status_ = status;
    all.swap(waiters_);
  }
  for (auto& [id, waiter] : all) {
    waiter.done(Status(status.code(), StrCat(status.message(), "; job ", id, " is not finished")));
  }
}

void JobWaiters::TimerLoop() {
  MutexLock lock(mu_);
  while (!stop_timer_) {
    const Clock::time_point now = Clock::now();
    Clock::time_point next = Clock::time_point::max();
    std::vector<Waiter> expired;
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->second.deadline <= now) {
        expired.push_back(std::move(it->second));
        it = waiters_.erase(it);
      } else {
        next = std::min(next, it->second.deadline);
        ++it;
      }
    }
    if (!expired.empty()) {
      lock.Unlock();
      for (Waiter& w : expired) {
        w.done(DeadlineExceeded("job ", w.id, " not finished after ",
                                std::to_string(w.timeout.count()), " ms"));
      }
      lock.Lock();
      continue;
    }
    if (next == Clock::time_point::max()) {
      changed_.wait(lock.native());
    } else {
      changed_.wait_until(lock.native(), next);
    }
  }
}

}  // namespace lakehouse
