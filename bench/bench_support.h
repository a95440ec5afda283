// Shared benchmark plumbing: run Google Benchmark, then print each benchmark's figures and the
// ratio of each pair "ours vs baseline" measured in the same run.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lakehouse::bench {

struct RatioPair {
  std::string label;     // what the ratio means, e.g. "/health over HTTP vs in-process"
  std::string ours;      // benchmark name (as registered)
  std::string baseline;  // benchmark name
};

// Runs all registered benchmarks (honouring --benchmark_* flags) and prints the ratios
// baseline_time / ours_time (1.0 = as fast as the baseline; higher is better for us).
int RunAndReport(int argc, char** argv, const std::vector<RatioPair>& ratios);

}  // namespace lakehouse::bench
