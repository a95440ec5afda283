// Clock: the one source of wall-clock and monotonic time, behind an interface so tests can move
// time (LevelDB's Env). Production code receives a Clock& from the composition root; it never calls
// std::chrono::system_clock directly.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace lakehouse {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch.
  virtual int64_t NowMicros() const = 0;
  // Monotonic microseconds, for measuring durations.
  virtual int64_t MonotonicMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
  int64_t MonotonicMicros() const override;
};

// A clock that only moves when told to. Starts at the given epoch microseconds.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_micros = 1'700'000'000'000'000) : now_(start_micros) {}
  int64_t NowMicros() const override { return now_.load(); }
  int64_t MonotonicMicros() const override { return now_.load(); }
  void Advance(int64_t micros) { now_.fetch_add(micros); }
  void Set(int64_t micros) { now_.store(micros); }

 private:
  std::atomic<int64_t> now_;
};

// RFC 3339 UTC with millisecond precision: "2026-11-24T12:50:26.123Z".
std::string FormatTimestamp(int64_t epoch_micros);

}  // namespace lakehouse
