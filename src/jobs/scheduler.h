// Scheduler: fires callbacks at the times of their cron schedules or fixed intervals, by key.
// Used by vector refresh (cron) and scheduled ingest (cron or interval, ingest/schedule_service.h).
//
//   * Time comes from the injected Clock; Tick() fires every entry whose next run is <= now.
//     Tests drive it with a ManualClock and call Tick() themselves; production calls Start(poll)
//     for a background thread that ticks every `poll`.
//   * Catch-up: an entry that missed several runs (clock jumped, process busy) fires once, and
//     its next run is then computed from now — never a burst of missed runs.
//   * Single-flight: an entry whose previous fire() is still running is not fired again. It stays
//     due, so it fires once on the first Tick after the running call returns.
//   * fire() runs on the ticking thread (the scheduler thread or the Tick() caller), outside the
//     lock, so it may call Set/Remove/NextRun. It must not throw; if it does, the exception is
//     caught and logged. It must not call Stop() (Stop joins the thread running it).
//
// Thread-safety: thread-safe. The Clock is borrowed and must outlive the scheduler.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "common/clock.h"
#include "common/mutex.h"
#include "jobs/cron_schedule.h"

namespace lakehouse {

class Scheduler {
 public:
  explicit Scheduler(const Clock* clock);
  ~Scheduler();  // Stop()s
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds or replaces the entry `key`; its next run is the schedule's first time after now.
  // Replacing an entry whose fire() is running keeps single-flight: the new fire() waits for
  // the old one to return.
  void Set(std::string key, CronSchedule schedule, std::function<void()> fire);
  // Adds or replaces the entry `key`, firing every `interval_micros` (> 0) from now: the first
  // run is now + interval; after a firing (or a catch-up) the next is the firing time + interval.
  void SetInterval(std::string key, int64_t interval_micros, std::function<void()> fire);
  // Removes the entry; a fire() already running finishes. False if there was no such entry.
  bool Remove(std::string_view key);
  // The entry's next run in epoch micros, or nullopt if there is no such entry.
  std::optional<int64_t> NextRun(std::string_view key) const;

  // Fires the due entries (see above) on the calling thread.
  void Tick();
  // How many Tick() calls have returned (any thread): lets a test wait for the background thread
  // to have looked at the clock instead of sleeping.
  uint64_t ticks() const { return ticks_.load(); }

  // Starts a background thread calling Tick() every `poll` (real time). No-op if started.
  void Start(std::chrono::milliseconds poll);
  // Stops and joins the background thread, waiting for a fire() it is running. Idempotent;
  // Start() may be called again afterwards.
  void Stop();

 private:
  // The next run strictly after a time, both epoch micros (a cron schedule or an interval).
  using NextAfterFn = std::function<int64_t(int64_t)>;
  struct Entry {
    NextAfterFn next_after;
    std::shared_ptr<const std::function<void()>> fire;
    int64_t next_run = 0;
    uint64_t running_call = 0;  // id of the fire() in progress, 0 if none
  };

  void SetEntry(std::string key, NextAfterFn next_after, std::function<void()> fire);
  void Loop(std::chrono::milliseconds poll);

  const Clock* clock_;
  std::atomic<uint64_t> ticks_{0};

  mutable Mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_ LH_GUARDED_BY(mu_);
  uint64_t last_call_ LH_GUARDED_BY(mu_) = 0;
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::condition_variable stop_cv_;

  Mutex thread_mu_;  // serialises Start/Stop
  std::thread thread_ LH_GUARDED_BY(thread_mu_);
};

}  // namespace lakehouse
