#include "jobs/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kMidnight = 1'704'067'200 * kSecond;  // 2024-01-01 00:00:00 UTC, a Monday

CronSchedule Cron(std::string_view expr) {
  auto schedule = CronSchedule::Parse(expr);
  EXPECT_TRUE(schedule.ok()) << schedule.status().ToString();
  return std::move(schedule).value();
}

// Polls `done` for up to five seconds of real time.
template <typename Pred>
bool Eventually(Pred done) {
  for (int i = 0; i < 5000 && !done(); ++i) std::this_thread::sleep_for(1ms);
  return done();
}

TEST(SchedulerTest, FiresAtCronTimesAndNotBefore) {
  ManualClock clock(kMidnight + 30 * kSecond);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.Set("every5", Cron("*/5 * * * *"), [&] { ++fired; });
  EXPECT_EQ(scheduler.NextRun("every5"), kMidnight + 5 * kMinute);

  scheduler.Tick();
  EXPECT_EQ(fired, 0);
  clock.Set(kMidnight + 5 * kMinute - 1);
  scheduler.Tick();
  EXPECT_EQ(fired, 0);

  clock.Set(kMidnight + 5 * kMinute);
  scheduler.Tick();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(scheduler.NextRun("every5"), kMidnight + 10 * kMinute);
  scheduler.Tick();
  EXPECT_EQ(fired, 1);

  clock.Set(kMidnight + 10 * kMinute + 59 * kSecond);
  scheduler.Tick();
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(scheduler.NextRun("every5"), kMidnight + 15 * kMinute);
}

TEST(SchedulerTest, IntervalEntriesFireEveryIntervalFromNow) {
  ManualClock clock(kMidnight + 7 * kSecond);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.SetInterval("every90s", 90 * kSecond, [&] { ++fired; });
  EXPECT_EQ(scheduler.NextRun("every90s"), kMidnight + 97 * kSecond);
  clock.Advance(90 * kSecond - 1);
  scheduler.Tick();
  EXPECT_EQ(fired, 0);
  clock.Advance(1);
  scheduler.Tick();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(scheduler.NextRun("every90s"), kMidnight + 187 * kSecond);
  // Late by several intervals: one catch-up firing, then an interval from then.
  clock.Advance(1000 * kSecond);
  scheduler.Tick();
  scheduler.Tick();
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(scheduler.NextRun("every90s"), clock.NowMicros() + 90 * kSecond);
}

TEST(SchedulerTest, MissedRunsCatchUpWithOneFiring) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.Set("minutely", Cron("* * * * *"), [&] { ++fired; });
  clock.Advance(3 * 60 * kMinute + 30 * kSecond);  // 180 runs missed
  scheduler.Tick();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(scheduler.NextRun("minutely"), kMidnight + 181 * kMinute);
  scheduler.Tick();
  EXPECT_EQ(fired, 1);
}

TEST(SchedulerTest, FiresEveryDueEntryInOneTick) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> a{0}, b{0}, c{0};
  scheduler.Set("a", Cron("* * * * *"), [&] { ++a; });
  scheduler.Set("b", Cron("*/2 * * * *"), [&] { ++b; });
  scheduler.Set("c", Cron("0 12 * * *"), [&] { ++c; });
  clock.Advance(2 * kMinute);
  scheduler.Tick();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(c, 0);
}

TEST(SchedulerTest, RemoveStopsFiring) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.Set("k", Cron("* * * * *"), [&] { ++fired; });
  EXPECT_TRUE(scheduler.Remove("k"));
  EXPECT_FALSE(scheduler.Remove("k"));
  EXPECT_EQ(scheduler.NextRun("k"), std::nullopt);
  clock.Advance(10 * kMinute);
  scheduler.Tick();
  EXPECT_EQ(fired, 0);
}

TEST(SchedulerTest, SetReplacesTheEntryAndRecomputesFromNow) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> old_fired{0}, new_fired{0};
  scheduler.Set("k", Cron("0 * * * *"), [&] { ++old_fired; });
  EXPECT_EQ(scheduler.NextRun("k"), kMidnight + 60 * kMinute);
  clock.Advance(7 * kMinute);
  scheduler.Set("k", Cron("*/10 * * * *"), [&] { ++new_fired; });
  EXPECT_EQ(scheduler.NextRun("k"), kMidnight + 10 * kMinute);
  clock.Set(kMidnight + 60 * kMinute);
  scheduler.Tick();
  EXPECT_EQ(old_fired, 0);
  EXPECT_EQ(new_fired, 1);
  EXPECT_EQ(scheduler.NextRun("unknown"), std::nullopt);
}

TEST(SchedulerTest, SingleFlightWhileThePreviousFireRuns) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  scheduler.Set("slow", Cron("* * * * *"), [&] {
    if (++fired == 1) released.wait();
  });

  clock.Advance(kMinute);
  std::thread first([&] { scheduler.Tick(); });
  ASSERT_TRUE(Eventually([&] { return fired == 1; }));

  clock.Advance(5 * kMinute);  // due again while the first call still runs
  scheduler.Tick();
  EXPECT_EQ(fired, 1);
  // Replacing the entry keeps it single-flight.
  scheduler.Set("slow", Cron("* * * * *"), [&] { ++fired; });
  clock.Advance(kMinute);
  scheduler.Tick();
  EXPECT_EQ(fired, 1);

  release.set_value();
  first.join();
  scheduler.Tick();  // still due: fires once now that the first call returned
  EXPECT_EQ(fired, 2);
  scheduler.Tick();
  EXPECT_EQ(fired, 2);
}

TEST(SchedulerTest, AThrowingFireIsCaughtAndKeepsItsSchedule) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.Set("bad", Cron("* * * * *"), [&] {
    ++fired;
    throw std::runtime_error("boom");
  });
  clock.Advance(kMinute);
  EXPECT_NO_THROW(scheduler.Tick());
  clock.Advance(kMinute);
  EXPECT_NO_THROW(scheduler.Tick());
  EXPECT_EQ(fired, 2);
}

TEST(SchedulerTest, FireMayChangeTheScheduler) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.Set("once", Cron("* * * * *"), [&] {
    ++fired;
    scheduler.Remove("once");
    scheduler.Set("next", Cron("0 * * * *"), [] {});
  });
  clock.Advance(kMinute);
  scheduler.Tick();
  clock.Advance(kMinute);
  scheduler.Tick();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(scheduler.NextRun("once"), std::nullopt);
  EXPECT_EQ(scheduler.NextRun("next"), kMidnight + 60 * kMinute);
}

TEST(SchedulerTest, BackgroundThreadTicksAsTheClockMoves) {
  ManualClock clock(kMidnight);
  Scheduler scheduler(&clock);
  std::atomic<int> fired{0};
  scheduler.Set("k", Cron("*/5 * * * *"), [&] { ++fired; });
  scheduler.Start(1ms);
  scheduler.Start(1ms);  // no-op
  // The thread has looked at the clock twice (not merely had time to): nothing was due.
  const uint64_t started = scheduler.ticks();
  EXPECT_TRUE(Eventually([&] { return scheduler.ticks() >= started + 2; }));
  EXPECT_EQ(fired, 0);

  clock.Set(kMidnight + 5 * kMinute);
  EXPECT_TRUE(Eventually([&] { return fired == 1; }));
  clock.Set(kMidnight + 10 * kMinute);
  EXPECT_TRUE(Eventually([&] { return fired == 2; }));
  scheduler.Stop();
  scheduler.Stop();  // idempotent

  // Stopped: the thread is joined, so the clock passing a cron time fires nothing and no tick runs.
  const uint64_t stopped = scheduler.ticks();
  clock.Set(kMidnight + 15 * kMinute);
  EXPECT_EQ(scheduler.ticks(), stopped);
  EXPECT_EQ(fired, 2);
  scheduler.Start(1ms);  // restartable
  EXPECT_TRUE(Eventually([&] { return fired == 3; }));
}

}  // namespace
}  // namespace lakehouse
