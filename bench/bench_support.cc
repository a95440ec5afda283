#include "bench/bench_support.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

namespace lakehouse::bench {
namespace {

// Prints like the console reporter and remembers the real time per iteration of each run; with
// --benchmark_repetitions (and --benchmark_enable_random_interleaving, so the two sides of a
// ratio alternate under the same machine load) the ratio is of the medians.
class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.iterations == 0) continue;
      samples_[run.run_name.function_name].push_back(
          run.GetAdjustedRealTime() * benchmark::GetTimeUnitMultiplier(benchmark::kNanosecond) /
          benchmark::GetTimeUnitMultiplier(run.time_unit));
    }
  }
  std::map<std::string, double> ns_per_iter() const {
    std::map<std::string, double> out;
    for (auto [name, values] : samples_) {
      std::sort(values.begin(), values.end());
      const size_t n = values.size();
      out[name] = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
    return out;
  }
  size_t samples(const std::string& name) const {
    auto it = samples_.find(name);
    return it == samples_.end() ? 0 : it->second.size();
  }

 private:
  std::map<std::string, std::vector<double>> samples_;
};

}  // namespace

int RunAndReport(int argc, char** argv, const std::vector<RatioPair>& ratios) {
  benchmark::Initialize(&argc, argv);
  CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n%-55s %14s %14s %8s %5s\n", "ratio (baseline time / our time), medians", "ours",
              "baseline", "ratio", "runs");
  const std::map<std::string, double> medians = reporter.ns_per_iter();
  for (const RatioPair& r : ratios) {
    auto ours = medians.find(r.ours);
    auto base = medians.find(r.baseline);
    if (ours == medians.end() || base == medians.end()) continue;
    std::printf("%-55s %11.1f us %11.1f us %7.3fx %5zu\n", r.label.c_str(), ours->second / 1000.0,
                base->second / 1000.0, base->second / ours->second, reporter.samples(r.ours));
  }
  benchmark::Shutdown();
  return 0;
}

}  // namespace lakehouse::bench
