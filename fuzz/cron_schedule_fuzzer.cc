// CronSchedule: any expression parses or gives INVALID_ARGUMENT; every accepted schedule has a
// next run (Parse's promise), on a whole minute, strictly after the given time, and stepping from
// one run finds a later one. Input: eight bytes of start time, then the expression.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.h"
#include "jobs/cron_schedule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakehouse;
  fuzz::FuzzInput in(data, size);
  uint64_t raw = 0;
  for (int i = 0; i < 8; ++i) raw = raw << 8 | in.Byte();
  // Between 1970 and ~2200, where the scheduler lives; beyond it kNever is allowed.
  const int64_t start = static_cast<int64_t>(raw % 7'258'118'400'000'000ULL);
  const std::string_view expr = in.Rest();
  Result<CronSchedule> schedule = CronSchedule::Parse(expr);
  if (!schedule.ok()) {
    LH_FUZZ_CHECK(schedule.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  LH_FUZZ_CHECK(schedule->expression() == expr);
  const int64_t next = schedule->NextAfter(start);
  LH_FUZZ_CHECK(next != CronSchedule::kNever);
  LH_FUZZ_CHECK(next > start);
  LH_FUZZ_CHECK(next % 60'000'000 == 0);
  const int64_t after = schedule->NextAfter(next);
  LH_FUZZ_CHECK(after != CronSchedule::kNever && after > next);
  LH_FUZZ_CHECK(schedule->NextAfter(next - 1) == next);
  return 0;
}
