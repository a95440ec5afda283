// ANN library choice, measured (ADR 014): Debian's hnswlib 0.6.2, hnswlib 0.8 (npm hnswlib-node)
// and USearch 2.26 (float32, float16, int8 + float rescoring) on the same seeded clustered vectors
// in one run: build time on one thread and on every core, the smallest ef_search reaching
// recall@10 ≥ 0.95 and the single-thread QPS there, heap bytes per vector (glibc mallinfo2 before
// and after the build), and filtered search at 10 % and 0.1 % selectivity against exact search
// over the allowed rows (Debian's hnswlib has no filter: its row is our exact scan over the
// allowed set, what the server does today).
//
//   build/bench/bench/ann_library_bench [--vectors N] [--queries Q] [--skip-single]
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/ann_candidate.h"
#include "vector/exact_index.h"
#include "vector/vector_test_util.h"

namespace lakehouse::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kK = 10;
constexpr double kTargetRecall = 0.95;
constexpr int kEfLadder[] = {10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512};

std::string LoadAverage() {
  char line[128] = "?\n";
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (!std::fgets(line, sizeof line, f)) line[0] = 0;
    std::fclose(f);
  }
  return line;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

size_t HeapBytes() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Resident bytes of the process (USearch maps its arenas itself, beside malloc).
size_t ResidentBytes() {
  long pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    long size = 0;
    if (std::fscanf(f, "%ld %ld", &size, &pages) != 2) pages = 0;
    std::fclose(f);
  }
  return static_cast<size_t>(pages) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// CPU seconds of the whole process (every thread), and of the calling thread: on a shared,
// loaded machine these, not wall time, compare the libraries' work.
double ProcessCpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Workload {
  size_t dims = 384;
  std::vector<float> data;     // rows × dims, unit norm
  std::vector<float> queries;  // queries × dims, unit norm
  size_t rows = 0;
  size_t query_count = 0;
  std::vector<std::set<uint64_t>> truth;
  // Filtered cases: allowed[label], and exact top-k among the allowed rows per query.
  struct Filter {
    std::string label;
    std::vector<uint8_t> allowed;
    std::vector<std::set<uint64_t>> truth;
    double exact_ms = 0;  // our exact scan over the allowed rows, CPU ms per query
  };
  std::vector<Filter> filters;
  std::span<const float> query(size_t q) const { return {queries.data() + q * dims, dims}; }
};

void Normalise(std::vector<float>& v) {
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  const float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 1.0f;
  for (float& x : v) x *= inv;
}

Workload MakeWorkload(size_t rows, size_t queries) {
  Workload w;
  w.rows = rows;
  w.query_count = queries;
  // The data of bench/hnsw_sweep_bench: 1000 topic-like clusters, noise as large as the centres.
  auto all = testing::ClusteredVectors(rows + queries, w.dims, 1000, 0.98f, 20261125);
  for (size_t i = 0; i < all.size(); ++i) {
    Normalise(all[i]);
    auto& dest = i < rows ? w.data : w.queries;
    dest.insert(dest.end(), all[i].begin(), all[i].end());
  }

  ExactIndexOptions options;
  options.dimensions = static_cast<int32_t>(w.dims);
  auto exact = ExactIndex::Create(options);
  for (size_t r = 0; r < rows; ++r) {
    (void)(*exact)->Add(r, std::span<const float>(w.data.data() + r * w.dims, w.dims));
  }
  w.truth.resize(queries);
  for (size_t q = 0; q < queries; ++q) {
    const auto hits = (*exact)->Search(w.query(q), kK);
    for (const SearchHit& h : *hits) w.truth[q].insert(h.label);
  }
  for (const auto& [label, every] : {std::pair<const char*, size_t>{"10%", 10}, {"0.1%", 1000}}) {
    Workload::Filter f;
    f.label = label;
    f.allowed.assign(rows, 0);
    std::vector<uint64_t> allowed_labels;
    for (size_t r = 0; r < rows; r += every) {
      f.allowed[r] = 1;
      allowed_labels.push_back(r);
    }
    f.truth.resize(queries);
    const double start = ThreadCpuSeconds();
    for (size_t q = 0; q < queries; ++q) {
      const auto hits = (*exact)->SearchAmong(w.query(q), kK, allowed_labels);
      for (const SearchHit& h : *hits) f.truth[q].insert(h.label);
    }
    f.exact_ms = (ThreadCpuSeconds() - start) * 1000.0 / static_cast<double>(queries);
    w.filters.push_back(std::move(f));
  }
  return w;
}

double RecallOf(const std::vector<std::set<uint64_t>>& truth, size_t q,
                const std::vector<uint64_t>& found) {
  size_t hit = 0;
  for (uint64_t label : found) hit += truth[q].count(label);
  return truth[q].empty() ? 1.0 : static_cast<double>(hit) / static_cast<double>(truth[q].size());
}

struct SearchPoint {
  int ef = 0;
  double recall = 0;
  double qps = 0;     // wall clock, one thread
  double cpu_ms = 0;  // thread CPU time per query
};

// Recall and single-thread QPS of `search` over every query.
SearchPoint Measure(const Workload& w, const std::vector<std::set<uint64_t>>& truth,
                    const std::function<std::vector<uint64_t>(std::span<const float>)>& search) {
  SearchPoint p;
  double recall = 0;
  const auto start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  for (size_t q = 0; q < w.query_count; ++q) recall += RecallOf(truth, q, search(w.query(q)));
  p.qps = static_cast<double>(w.query_count) / Seconds(start);
  p.cpu_ms = (ThreadCpuSeconds() - cpu_start) * 1000.0 / static_cast<double>(w.query_count);
  p.recall = recall / static_cast<double>(w.query_count);
  return p;
}

using Factory = std::function<std::unique_ptr<AnnCandidate>()>;

void RunCandidate(const Workload& w, const Factory& make, bool skip_single, int cores) {
  // Filtered search stops at the first ef reaching the target (or the ladder's end).
  std::vector<int> thread_counts;
  auto probe = make();
  if (!skip_single || !probe->parallel_build()) thread_counts.push_back(1);
  if (probe->parallel_build() && cores > 1) thread_counts.push_back(cores);
  const std::string name = probe->name();
  probe.reset();

  for (const int threads : thread_counts) {
    malloc_trim(0);
    const size_t heap_before = HeapBytes();
    const size_t rss_before = ResidentBytes();
    auto index = make();
    const auto start = Clock::now();
    const double cpu_start = ProcessCpuSeconds();
    index->Build(w.data, threads);
    const double build_s = Seconds(start);
    const double build_cpu = ProcessCpuSeconds() - cpu_start;
    const auto per_vector = [&](size_t after, size_t before) {
      return after > before ? static_cast<double>(after - before) / static_cast<double>(w.rows)
                            : 0.0;
    };
    std::printf(
        "%-26s build %d thread%s wall %7.1f s  cpu %7.1f s  heap %5.0f B/vector  rss "
        "%5.0f B/vector  load %s",
        name.c_str(), threads, threads == 1 ? " " : "s", build_s, build_cpu,
        per_vector(HeapBytes(), heap_before), per_vector(ResidentBytes(), rss_before),
        LoadAverage().c_str());
    if (threads != thread_counts.back()) continue;  // search figures from the last build only

    SearchPoint chosen;
    for (const int ef : kEfLadder) {
      index->SetEf(ef);
      SearchPoint p = Measure(w, w.truth, [&](auto q) { return index->Search(q, kK); });
      p.ef = ef;
      std::printf("%-26s   ef %3d  recall@10 %.4f  %8.0f QPS (1 thread)  %.3f CPU ms/query\n",
                  name.c_str(), ef, p.recall, p.qps, p.cpu_ms);
      if (p.recall >= kTargetRecall) {
        chosen = p;
        break;
      }
    }
    std::printf("%-26s = at recall >= %.2f: ef %d, recall %.4f, %.0f QPS, %.3f CPU ms/query\n",
                name.c_str(), kTargetRecall, chosen.ef, chosen.recall, chosen.qps, chosen.cpu_ms);
    for (const auto& f : w.filters) {
      if (!index->has_filtered_search()) {
        std::printf(
            "%-26s   filter %-5s no filtered search: exact scan over the allowed rows "
            "%.3f CPU ms/query (recall 1)\n",
            name.c_str(), f.label.c_str(), f.exact_ms);
        continue;
      }
      for (const int ef : kEfLadder) {
        if (ef < chosen.ef) continue;
        index->SetEf(ef);
        SearchPoint p =
            Measure(w, f.truth, [&](auto q) { return index->SearchFiltered(q, kK, f.allowed); });
        std::printf(
            "%-26s   filter %-5s ef %3d recall@10 %.4f  %.3f CPU ms/query (exact over "
            "allowed %.3f)\n",
            name.c_str(), f.label.c_str(), ef, p.recall, p.cpu_ms, f.exact_ms);
        if (p.recall >= kTargetRecall) break;
      }
    }
  }
}

int Main(int argc, char** argv) {
  size_t rows = 100000;
  size_t queries = 500;
  bool skip_single = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--vectors") && i + 1 < argc)
      rows = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--queries") && i + 1 < argc)
      queries = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--skip-single"))
      skip_single = true;
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
      only = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--vectors N] [--queries Q] [--skip-single] [--only NAME]\n",
                   argv[0]);
      return 2;
    }
  }
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  AnnParams params;
  const auto data_start = Clock::now();
  const Workload w = MakeWorkload(rows, queries);
  std::printf(
      "ann_library_bench: %zu x %zu clustered vectors, %zu queries, k=%d, m=%d, "
      "ef_construction=%d, %d cores; data + exact truth %.1f s\n",
      rows, w.dims, queries, kK, params.m, params.ef_construction, cores, Seconds(data_start));
  std::fflush(stdout);

  struct Candidate {
    std::string key;
    Factory make;
    bool single_thread_build;  // also time a one-thread build
  };
  const std::vector<Candidate> candidates = {
      {"hnswlib06", [&] { return MakeHnswlib06(params, rows); }, true},
      {"hnswlib08", [&] { return MakeHnswlib08(params, rows); }, true},
      {"usearch-f32", [&] { return MakeUsearch(params, rows, UsearchScalar::kF32, 1); }, true},
      {"usearch-f16", [&] { return MakeUsearch(params, rows, UsearchScalar::kF16, 1); }, false},
      {"usearch-i8", [&] { return MakeUsearch(params, rows, UsearchScalar::kI8, 4); }, true},
  };
  for (const Candidate& c : candidates) {
    if (!only.empty() && only.find(c.key) == std::string::npos) continue;
    RunCandidate(w, c.make, skip_single || !c.single_thread_build, cores);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace lakehouse::bench

int main(int argc, char** argv) { return lakehouse::bench::Main(argc, argv); }
