#include "jobs/cron_schedule.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace lakehouse {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

// "YYYY-MM-DD HH:MM[:SS]" in UTC → epoch micros.
int64_t At(const std::string& text) {
  std::tm tm{};
  int sec = 0;
  int n = std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &tm.tm_hour, &tm.tm_min, &sec);
  EXPECT_GE(n, 5) << "bad test time " << text;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm)) * kMicrosPerSecond;
}

// Epoch micros → "YYYY-MM-DD HH:MM" (plus ":SS.micros" when not on a whole minute).
std::string Show(int64_t micros) {
  if (micros == CronSchedule::kNever) return "never";
  std::time_t seconds = static_cast<std::time_t>(micros / kMicrosPerSecond);
  int64_t rest = micros % kMicrosPerSecond;
  if (rest < 0) {
    --seconds;
    rest += kMicrosPerSecond;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min);
  std::string out = buf;
  if (tm.tm_sec != 0 || rest != 0)
    out += ":" + std::to_string(tm.tm_sec) + "." + std::to_string(rest);
  return out;
}

struct NextCase {
  const char* expr;
  const char* after;  // "YYYY-MM-DD HH:MM[:SS]"
  const char* next;   // "YYYY-MM-DD HH:MM"
};

// Weekdays for reference: 2024-01-01 Mon, 2024-02-29 Thu, 2024-03-29 Fri, 2025-01-01 Wed,
// 2028-02-29 Tue.
const std::vector<NextCase> kNextCases = {
    // Strictly after, whole minutes.
    {"* * * * *", "2024-01-01 00:00", "2024-01-01 00:01"},
    {"* * * * *", "2024-01-01 00:00:30", "2024-01-01 00:01"},
    {"* * * * *", "2023-12-31 23:59:59", "2024-01-01 00:00"},
    {"0 * * * *", "2024-01-01 00:00", "2024-01-01 01:00"},
    {"0 * * * *", "2024-01-01 23:00", "2024-01-02 00:00"},
    // Steps.
    {"*/15 * * * *", "2024-01-01 00:14", "2024-01-01 00:15"},
    {"*/15 * * * *", "2024-01-01 00:45", "2024-01-01 01:00"},
    {"0 */6 * * *", "2024-01-01 19:00", "2024-01-02 00:00"},
    {"5-10/2 * * * *", "2024-01-01 00:06", "2024-01-01 00:07"},
    {"5-10/2 * * * *", "2024-01-01 00:09", "2024-01-01 01:05"},
    {"10/20 * * * *", "2024-01-01 00:31", "2024-01-01 00:50"},
    {"10/20 * * * *", "2024-01-01 00:50", "2024-01-01 01:10"},
    // Ranges and lists.
    {"1,2,30 * * * *", "2024-01-01 00:02", "2024-01-01 00:30"},
    {"0 9-17 * * *", "2024-01-01 17:00", "2024-01-02 09:00"},
    {"0,30 8,12-13 * * *", "2024-01-01 12:30", "2024-01-01 13:00"},
    {"30 2 * * *", "2024-01-01 03:00", "2024-01-02 02:30"},
    // Month and year rollover.
    {"0 0 1 * *", "2024-01-15 12:00", "2024-02-01 00:00"},
    {"0 0 1 1 *", "2024-06-01 00:00", "2025-01-01 00:00"},
    {"59 23 31 12 *", "2024-12-31 23:59", "2025-12-31 23:59"},
    {"0 0 * 2 *", "2024-02-29 00:00", "2025-02-01 00:00"},
    {"0 0 31 * *", "2024-01-31 00:00", "2024-03-31 00:00"},  // skips February
    {"0 0 31 * *", "2024-04-01 00:00", "2024-05-31 00:00"},  // skips April 31
    // Leap day: every 4 years, not in 2100.
    {"0 0 29 2 *", "2023-01-01 00:00", "2024-02-29 00:00"},
    {"0 0 29 2 *", "2024-03-01 00:00", "2028-02-29 00:00"},
    {"0 0 29 2 *", "2096-03-01 00:00", "2104-02-29 00:00"},
    // Day-of-week; 0 and 7 are Sunday.
    {"0 0 * * 0", "2024-01-01 00:00", "2024-01-07 00:00"},
    {"0 0 * * 7", "2024-01-01 00:00", "2024-01-07 00:00"},
    {"0 0 * * 5-7", "2024-01-01 00:00", "2024-01-05 00:00"},
    {"0 0 * * 5-7", "2024-01-06 00:00", "2024-01-07 00:00"},
    {"0 0 * * 1-5", "2024-01-05 00:00", "2024-01-08 00:00"},
    // Names, case-insensitive.
    {"0 0 * * SUN", "2024-01-01 00:00", "2024-01-07 00:00"},
    {"0 9 * JAN-MAR mon-fri", "2024-03-29 10:00", "2025-01-01 09:00"},
    {"0 0 1 jun,Dec *", "2024-06-01 00:00", "2024-12-01 00:00"},
    {"0 0 * * Sat,sun", "2024-01-01 00:00", "2024-01-06 00:00"},
    // Both day fields restricted: either matches.
    {"0 12 15 * FRI", "2024-01-01 00:00", "2024-01-05 12:00"},  // Friday
    {"0 12 15 * FRI", "2024-01-13 00:00", "2024-01-15 12:00"},  // the 15th, a Monday
    {"0 0 30 2 MON", "2024-01-01 00:00", "2024-02-05 00:00"},   // Mondays in February
    {"0 0 30 2 MON", "2024-02-26 00:00", "2025-02-03 00:00"},
    // One day field starts with '*': both must match (Vixie cron).
    {"0 0 */10 * 1", "2023-12-31 12:00", "2024-01-01 00:00"},  // the 1st and a Monday
    {"0 0 */10 * 1", "2024-01-01 00:00", "2024-03-11 00:00"},  // next 1/11/21/31 on a Monday
    // Before the epoch.
    {"0 0 1 1 *", "1969-06-01 00:00", "1970-01-01 00:00"},
    {"*/5 * * * *", "1969-12-31 23:58:30", "1970-01-01 00:00"},
};

TEST(CronScheduleTest, NextAfterTable) {
  for (const NextCase& c : kNextCases) {
    SCOPED_TRACE(std::string(c.expr) + " after " + c.after);
    auto schedule = CronSchedule::Parse(c.expr);
    ASSERT_TRUE(schedule.ok()) << schedule.status().ToString();
    int64_t next = schedule->NextAfter(At(c.after));
    EXPECT_EQ(Show(next), c.next);
    EXPECT_EQ(next, At(c.next));
  }
}

// NextAfter against a minute-by-minute search with independently written predicates.
TEST(CronScheduleTest, AgreesWithABruteForceSearch) {
  struct Reference {
    const char* expr;
    bool (*matches)(const std::tm&);
  };
  const std::vector<Reference> references = {
      {"*/7 9-17 * * MON-FRI",
       [](const std::tm& t) {
         return t.tm_min % 7 == 0 && t.tm_hour >= 9 && t.tm_hour <= 17 && t.tm_wday >= 1 &&
                t.tm_wday <= 5;
       }},
      {"0 0 1,15 * SUN",  // OR rule
       [](const std::tm& t) {
         return t.tm_min == 0 && t.tm_hour == 0 &&
                (t.tm_mday == 1 || t.tm_mday == 15 || t.tm_wday == 0);
       }},
      {"30 */4 */3 * *",
       [](const std::tm& t) {
         return t.tm_min == 30 && t.tm_hour % 4 == 0 && (t.tm_mday - 1) % 3 == 0;
       }},
      {"0 12 * JAN,jul,Dec 6,7",
       [](const std::tm& t) {
         return t.tm_min == 0 && t.tm_hour == 12 &&
                (t.tm_mon == 0 || t.tm_mon == 6 || t.tm_mon == 11) &&
                (t.tm_wday == 6 || t.tm_wday == 0);
       }},
      {"15 3 29-31 * *",
       [](const std::tm& t) { return t.tm_min == 15 && t.tm_hour == 3 && t.tm_mday >= 29; }},
  };
  uint64_t seed = 42;
  for (const Reference& ref : references) {
    auto schedule = CronSchedule::Parse(ref.expr);
    ASSERT_TRUE(schedule.ok()) << schedule.status().ToString();
    for (int i = 0; i < 20; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      // A time within 2020-2029, at an arbitrary second.
      const int64_t start =
          At("2020-01-01 00:00") +
          static_cast<int64_t>((seed >> 16) % (10LL * 365 * 86400)) * kMicrosPerSecond;
      int64_t expected = CronSchedule::kNever;
      for (int64_t m = start / (60 * kMicrosPerSecond) + 1;
           m < start / (60 * kMicrosPerSecond) + 370 * 24 * 60; ++m) {
        std::time_t seconds = static_cast<std::time_t>(m * 60);
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        if (ref.matches(tm)) {
          expected = m * 60 * kMicrosPerSecond;
          break;
        }
      }
      EXPECT_EQ(Show(schedule->NextAfter(start)), Show(expected))
          << ref.expr << " after " << Show(start);
    }
  }
}

TEST(CronScheduleTest, SubMinuteInputsRoundUpToTheNextWholeMinute) {
  auto schedule = CronSchedule::Parse("* * * * *");
  ASSERT_TRUE(schedule.ok());
  const int64_t minute = At("2024-01-01 00:00");
  EXPECT_EQ(schedule->NextAfter(minute - 1), minute);
  EXPECT_EQ(schedule->NextAfter(minute), minute + 60 * kMicrosPerSecond);
  EXPECT_EQ(schedule->NextAfter(minute + 1), minute + 60 * kMicrosPerSecond);
}

TEST(CronScheduleTest, SuccessiveRunsOfAWeekdaySchedule) {
  auto schedule = CronSchedule::Parse("30 8 * * MON-FRI");
  ASSERT_TRUE(schedule.ok());
  std::vector<std::string> runs;
  int64_t t = At("2024-01-04 12:00");  // Thursday
  for (int i = 0; i < 5; ++i) runs.push_back(Show(t = schedule->NextAfter(t)));
  EXPECT_EQ(runs,
            (std::vector<std::string>{"2024-01-05 08:30", "2024-01-08 08:30", "2024-01-09 08:30",
                                      "2024-01-10 08:30", "2024-01-11 08:30"}));
}

TEST(CronScheduleTest, KeepsTheExpressionAsGiven) {
  auto schedule = CronSchedule::Parse("  0 0 * * mon ");
  ASSERT_TRUE(schedule.ok());
  EXPECT_EQ(schedule->expression(), "  0 0 * * mon ");
}

TEST(CronScheduleTest, ExactMessageForAnOutOfRangeValue) {
  auto schedule = CronSchedule::Parse("61 * * * *");
  ASSERT_FALSE(schedule.ok());
  EXPECT_EQ(schedule.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(schedule.status().message(), "minute field '61': value out of range 0-59");
}

struct BadCase {
  const char* expr;
  const char* message_part;  // must appear in the message
};

const std::vector<BadCase> kBadCases = {
    // Field count.
    {"", "has 0 fields; expected 5"},
    {"* * * *", "has 4 fields; expected 5"},
    {"* * * * * *", "has 6 fields; expected 5"},
    // Out of range.
    {"60 * * * *", "minute field '60': value out of range 0-59"},
    {"1,60 * * * *", "minute field '1,60': value 60 out of range 0-59"},
    {"99999999999 * * * *", "minute field '99999999999': value out of range 0-59"},
    {"* 24 * * *", "hour field '24': value out of range 0-23"},
    {"* * 0 * *", "day-of-month field '0': value out of range 1-31"},
    {"* * 32 * *", "day-of-month field '32': value out of range 1-31"},
    {"* * * 0 *", "month field '0': value out of range 1-12"},
    {"* * * 13 *", "month field '13': value out of range 1-12"},
    {"* * * * 8", "day-of-week field '8': value out of range 0-7"},
    // Steps.
    {"*/0 * * * *", "minute field '*/0': step 0 out of range 1-60"},
    {"* */25 * * *", "hour field '*/25': step 25 out of range 1-24"},
    {"*/ * * * *", "minute field '*/': step '' is not a number"},
    {"*/x * * * *", "minute field '*/x': step 'x' is not a number"},
    {"*/5/2 * * * *", "minute field '*/5/2': more than one '/'"},
    // Ranges.
    {"5-3 * * * *", "minute field '5-3': range '5-3' is reversed"},
    {"* * * * FRI-MON", "day-of-week field 'FRI-MON': range 'FRI-MON' is reversed"},
    {"* * * * MON-", "day-of-week field 'MON-': missing value"},
    {"-1 * * * *", "minute field '-1': missing value"},
    // Garbage.
    {"abc * * * *", "minute field 'abc': 'abc' is not a number"},
    {"1.5 * * * *", "minute field '1.5': '1.5' is not a number"},
    {"* * * FOO *", "month field 'FOO': unknown name 'FOO'"},
    {"* * * * MONDAY", "day-of-week field 'MONDAY': unknown name 'MONDAY'"},
    {"* * * JAN * *", "has 6 fields"},
    {"* * * * JAN", "day-of-week field 'JAN': unknown name 'JAN'"},
    {"1,,2 * * * *", "minute field '1,,2': empty list item"},
    {"@daily", "has 1 fields"},
    // Never fires.
    {"0 0 30 2 *", "day-of-month field '30': no selected day exists in any selected month"},
    {"0 0 31 4,6,9,11 *", "day-of-month field '31': no selected day"},
};

TEST(CronScheduleTest, RejectsBadExpressionsNamingTheField) {
  for (const BadCase& c : kBadCases) {
    SCOPED_TRACE(std::string("'") + c.expr + "'");
    auto schedule = CronSchedule::Parse(c.expr);
    ASSERT_FALSE(schedule.ok());
    EXPECT_EQ(schedule.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(schedule.status().message().find(c.message_part), std::string::npos)
        << schedule.status().message();
  }
}

TEST(CronScheduleTest, SchedulesThatFireOnlyInLeapYearsOrViaWeekdaysAreAccepted) {
  EXPECT_TRUE(CronSchedule::Parse("0 0 29 2 *").ok());
  EXPECT_TRUE(CronSchedule::Parse("0 0 30 2 MON").ok());     // OR rule: Mondays in February
  EXPECT_TRUE(CronSchedule::Parse("0 0 30,31 2,3 *").ok());  // March has them
}

TEST(CronScheduleTest, FarFutureTimesReturnNeverInsteadOfOverflowing) {
  auto schedule = CronSchedule::Parse("* * * * *");
  ASSERT_TRUE(schedule.ok());
  EXPECT_EQ(schedule->NextAfter(CronSchedule::kNever - 1), CronSchedule::kNever);
}

}  // namespace
}  // namespace lakehouse
