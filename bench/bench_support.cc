#include "bench/bench_support.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>

namespace lakehouse::bench {
namespace {

// Prints like the console reporter and remembers the real time per iteration of each run.
class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.iterations == 0) continue;
      ns_per_iter_[run.run_name.function_name] =
          run.GetAdjustedRealTime() * benchmark::GetTimeUnitMultiplier(benchmark::kNanosecond) /
          benchmark::GetTimeUnitMultiplier(run.time_unit);
    }
  }
  const std::map<std::string, double>& ns_per_iter() const { return ns_per_iter_; }

 private:
  std::map<std::string, double> ns_per_iter_;
};

}  // namespace

int RunAndReport(int argc, char** argv, const std::vector<RatioPair>& ratios) {
  benchmark::Initialize(&argc, argv);
  CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n%-55s %14s %14s %8s\n", "ratio (baseline time / our time)", "ours", "baseline",
              "ratio");
  for (const RatioPair& r : ratios) {
    auto ours = reporter.ns_per_iter().find(r.ours);
    auto base = reporter.ns_per_iter().find(r.baseline);
    if (ours == reporter.ns_per_iter().end() || base == reporter.ns_per_iter().end()) continue;
    std::printf("%-55s %11.1f us %11.1f us %7.3fx\n", r.label.c_str(), ours->second / 1000.0,
                base->second / 1000.0, base->second / ours->second);
  }
  benchmark::Shutdown();
  return 0;
}

}  // namespace lakehouse::bench
