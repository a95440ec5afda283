#include "ingest/commit_retry.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <thread>

namespace lakehouse {

void CommitBackoff(int attempt) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  const int64_t ceiling = int64_t{1} << std::clamp(attempt, 1, 6);
  std::uniform_int_distribution<int64_t> pick(ceiling / 2, ceiling);
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(jitter)));
}

}  // namespace lakehouse
