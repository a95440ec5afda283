#include "common/clock.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1'000'000);
  EXPECT_EQ(clock.NowMicros(), 1'000'000);
  clock.Advance(500);
  EXPECT_EQ(clock.NowMicros(), 1'000'500);
}

TEST(ClockTest, FormatsRfc3339) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1'764'000'000'123'000), "2025-11-24T16:00:00.123Z");
}

TEST(ClockTest, SystemClockIsPlausible) {
  SystemClock clock;
  EXPECT_GT(clock.NowMicros(), 1'700'000'000'000'000);
}

}  // namespace
}  // namespace lakehouse
