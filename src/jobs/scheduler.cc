#include "jobs/scheduler.h"

#include <exception>
#include <vector>

#include "common/logging.h"
#include "common/mutex.h"

namespace lakehouse {

Scheduler::Scheduler(const Clock* clock) : clock_(clock) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Set(std::string key, CronSchedule schedule, std::function<void()> fire) {
  SetEntry(
      std::move(key), [schedule = std::move(schedule)](int64_t t) { return schedule.NextAfter(t); },
      std::move(fire));
}

void Scheduler::SetInterval(std::string key, int64_t interval_micros, std::function<void()> fire) {
  SetEntry(
      std::move(key), [interval_micros](int64_t t) { return t + interval_micros; },
      std::move(fire));
}

void Scheduler::SetEntry(std::string key, NextAfterFn next_after, std::function<void()> fire) {
  const int64_t next_run = next_after(clock_->NowMicros());
  auto shared_fire = std::make_shared<const std::function<void()>>(std::move(fire));
  MutexLock lock(mu_);
  auto it = entries_.find(key);
  const uint64_t running_call = it == entries_.end() ? 0 : it->second.running_call;
  entries_.insert_or_assign(
      std::move(key), Entry{std::move(next_after), std::move(shared_fire), next_run, running_call});
}

bool Scheduler::Remove(std::string_view key) {
  MutexLock lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::optional<int64_t> Scheduler::NextRun(std::string_view key) const {
  MutexLock lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.next_run;
}

void Scheduler::Tick() {
  struct Due {
    std::string key;
    uint64_t call;
    std::shared_ptr<const std::function<void()>> fire;
  };
  std::vector<Due> due;
  {
    MutexLock lock(mu_);
    const int64_t now = clock_->NowMicros();
    for (auto& [key, entry] : entries_) {
      if (entry.next_run > now || entry.running_call != 0) continue;
      entry.running_call = ++last_call_;
      entry.next_run = entry.next_after(now);
      due.push_back({key, entry.running_call, entry.fire});
    }
  }
  for (const Due& d : due) {
    try {
      (*d.fire)();
    } catch (const std::exception& e) {
      LH_LOG_ERROR("scheduler: '{}' threw: {}", d.key, e.what());
    } catch (...) {
      LH_LOG_ERROR("scheduler: '{}' threw a non-standard exception", d.key);
    }
    MutexLock lock(mu_);
    // The entry may have been removed, or removed and set again, while it ran.
    auto it = entries_.find(d.key);
    if (it != entries_.end() && it->second.running_call == d.call) it->second.running_call = 0;
  }
  ticks_.fetch_add(1);
}

void Scheduler::Start(std::chrono::milliseconds poll) {
  MutexLock thread_lock(thread_mu_);
  if (thread_.joinable()) return;
  {
    MutexLock lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, poll] { Loop(poll); });
}

void Scheduler::Stop() {
  MutexLock thread_lock(thread_mu_);
  if (!thread_.joinable()) return;
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

void Scheduler::Loop(std::chrono::milliseconds poll) {
  while (true) {
    Tick();
    MutexLock lock(mu_);
    if (stop_cv_.wait_for(lock.native(), poll, [this]() LH_REQUIRES(mu_) { return stopping_; }))
      return;
  }
}

}  // namespace lakehouse
