// CronSchedule: a parsed 5-field cron expression, evaluated in UTC.
//
//   minute hour day-of-month month day-of-week
//   0-59   0-23 1-31         1-12  0-7 (0 and 7 are Sunday)
//
// Each field is a comma-separated list of items; an item is `*`, a value `a`, a range `a-b`, or
// one of those with a step: `*/n`, `a-b/n`, `a/n` (= `a-<max>/n`). Month names JAN-DEC and
// day names SUN-SAT are accepted wherever a number is, case-insensitively (`MON-FRI`).
//
// Day matching follows Vixie cron: when both day-of-month and day-of-week are restricted, a day
// matches if EITHER matches (`0 0 1 * MON` = the 1st of every month and every Monday); when one
// of them is unrestricted, both must match. A field counts as unrestricted when it starts with
// `*` — so `*/2` is unrestricted for this rule, exactly as in Vixie cron.
//
// Expressions that can never fire (`0 0 30 2 *`, `0 0 31 4,6 *`) are rejected by Parse: a schedule
// is accepted only if some selected month has a selected day-of-month (Feb 29 counts — it fires
// in leap years). Day-of-week never makes a schedule impossible: every date falls on every
// weekday in some year. So every parsed schedule has a next run and NextAfter always finds it.
//
// Thread-safety: an immutable value; const methods may be called from any thread.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

class CronSchedule {
 public:
  // Returned by NextAfter only when the next run lies beyond year ~294,000 (the int64 micros
  // range) or more than 400 years ahead — which no schedule accepted by Parse reaches.
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  // INVALID_ARGUMENT naming the field and the reason, e.g.
  // "minute field '61': value out of range 0-59".
  static Result<CronSchedule> Parse(std::string_view expr);

  // The first matching minute strictly after `epoch_micros` (UTC), as epoch micros with seconds
  // and micros zero. Cost is proportional to the months and days skipped, not the minutes.
  int64_t NextAfter(int64_t epoch_micros) const;

  // The expression as given to Parse.
  const std::string& expression() const { return expression_; }

 private:
  CronSchedule() = default;
  bool DayMatches(int64_t year, int month, int day) const;

  std::string expression_;
  uint64_t minutes_ = 0;              // bit i = minute i (0-59)
  uint32_t hours_ = 0;                // bit i = hour i (0-23)
  uint32_t days_ = 0;                 // bit i = day-of-month i (1-31)
  uint32_t months_ = 0;               // bit i = month i (1-12)
  uint32_t weekdays_ = 0;             // bit i = weekday i (0 = Sunday .. 6 = Saturday)
  bool days_restricted_ = false;      // day-of-month field does not start with '*'
  bool weekdays_restricted_ = false;  // day-of-week field does not start with '*'
};

}  // namespace lakehouse
