// ScheduleServiceOptions: the `[schedules]` configuration of scheduled ingest
// (ingest/schedule_service.h). Every field has a default that suits the server.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lakehouse {

struct ScheduleServiceOptions {
  // schedules.watch_roots: local folders a watch may name (the folder must be one of them or
  // below, after resolving symlinks and ".."). Absolute paths. Default none: no folder watches
  // (bucket watches need no root).
  std::vector<std::string> watch_roots;
  // schedules.backoff_base_s / backoff_max_s: after the n-th failed run in a row, firings are
  // skipped for base · 2^(n-1) seconds, at most max.
  int64_t backoff_base_s = 60;
  int64_t backoff_max_s = 3600;
  // Runs listed in a schedule's view.
  int32_t last_runs = 10;
  // How often the background thread ticks the scheduler (real time).
  std::chrono::milliseconds poll{1000};
};

}  // namespace lakehouse
