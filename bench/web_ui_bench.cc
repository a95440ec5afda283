// The web UI's time to interactive (issue #22: every page interactive in ≤ 1 s with a 1M-row
// dataset and a 100K-chunk index present). Two in-process servers: ours holds `orders` (1,000,000
// rows, 5 columns) and `notes_idx` (100,000 chunks of `notes`, builtin/hash-v1, HNSW
// ef_construction 64); the baseline holds the same shapes at 1,000 rows and 1,000 chunks, so the
// ratio is what the data's size costs a page. Each round loads every page afresh in Debian's
// headless chromium through tests/web/page_timings.mjs (the browser's performance timeline:
// navigation start → the page's content on screen), ours then the baseline, so both see the same
// machine load; the figures are the medians and maxima over the rounds. Needs node, chromium and
// puppeteer-core (scripts/setup.sh). Usage:
//   web_ui_bench [--rows=N] [--chunks=N] [--runs=N]   (defaults 1000000, 100000, 5)
// Google Benchmark's flags, which bench/run.sh passes to every benchmark, are ignored.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_server.h"
#include "common/json.h"

namespace lakehouse::bench {
namespace {

struct Args {
  int64_t rows = 1'000'000;
  int64_t chunks = 100'000;
  int runs = 5;
};

Args ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&](std::string_view flag) { return std::string(a.substr(flag.size())); };
    if (a.starts_with("--rows=")) args.rows = std::stoll(value("--rows="));
    if (a.starts_with("--chunks=")) args.chunks = std::stoll(value("--chunks="));
    if (a.starts_with("--runs=")) args.runs = std::stoi(value("--runs="));
  }
  return args;
}

// `orders` with `rows` rows and `notes_idx` over `chunks` one-chunk documents.
void Populate(BenchServer& server, int64_t rows, int64_t chunks) {
  ScratchDb scratch;
  const std::string orders = (server.scratch() / "orders.parquet").string();
  scratch.Execute(
      "COPY (SELECT i AS order_id, 'customer_' || (i % 50000) AS customer, (i % 97) * 1.25 AS "
      "amount, DATE '2020-01-01' + (i % 1500)::INTEGER AS order_date, "
      "['new', 'paid', 'shipped', 'returned'][1 + i % 4] AS status FROM range(" +
      std::to_string(rows) + ") t(i)) TO '" + orders + "' (FORMAT parquet)");
  server.Ingest("orders", orders);
  const std::string notes = (server.scratch() / "notes.parquet").string();
  scratch.Execute(
      "COPY (SELECT 'n' || i AS id, 'order ' || i || ' was noted as ' || md5(i::VARCHAR) "
      "AS text FROM range(" +
      std::to_string(chunks) + ") t(i)) TO '" + notes + "' (FORMAT parquet)");
  server.Ingest("notes", notes);
  server.Post("/vectors/index?wait=true", {{"index_name", "notes_idx"},
                                           {"dataset", "notes"},
                                           {"id_column", "id"},
                                           {"text_column", "text"},
                                           {"model", "builtin/hash-v1"},
                                           // The graph's quality is not what a page load measures;
                                           // a cheaper build keeps the run short.
                                           {"hnsw", {{"ef_construction", 64}}}});
  Json info = server.Call(HttpMethod::kGet, "/vectors/indexes/notes_idx", Json());
  if (info["chunk_count"].get<int64_t>() != chunks) Die("notes_idx: " + DumpJson(info));
}

// One round of page_timings.mjs against `server`: page → ms to its content.
std::map<std::string, double> LoadEveryPage(BenchServer& server, const std::string& source_dir) {
  const std::string command =
      "UI_BASE_URL=http://127.0.0.1:" + std::to_string(server.server().port()) +
      " UI_SOURCE_DIR='" + source_dir + "' UI_DATASET=orders UI_RUNS=1 node '" + source_dir +
      "/tests/web/page_timings.mjs' 2>&1";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) Die("popen failed");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  if (pclose(p) != 0) Die("page_timings.mjs failed:\n" + out);
  // The results are the last line.
  std::string last;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) last = line;
  }
  Result<Json> parsed = ParseJson(last);
  if (!parsed.ok()) Die("page_timings.mjs printed no results:\n" + out);
  std::map<std::string, double> times;
  for (const auto& [page, figures] : parsed->items())
    times[page] = figures["median_ms"].get<double>();
  return times;
}

struct Figures {
  double median = 0, max = 0;
};

Figures Summary(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.back()};
}

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

int Run(const Args& args) {
  const char* env_source = std::getenv("LAKEHOUSE_SOURCE_DIR");
  const std::string source_dir = env_source ? env_source : LAKEHOUSE_SOURCE_DIR_DEFAULT;
  std::printf("load average at start: %.1f\n", LoadAverage());
  BenchServer ours("web-ui-bench");
  Populate(ours, args.rows, args.chunks);
  BenchServer baseline("web-ui-bench-baseline");
  Populate(baseline, 1000, 1000);
  std::printf("data: ours %" PRId64 " rows and %" PRId64
              " chunks, baseline 1000 rows and 1000 chunks; %d rounds\n",
              args.rows, args.chunks, args.runs);
  std::map<std::string, std::vector<double>> ours_ms, baseline_ms;
  for (int round = 0; round < args.runs; ++round) {
    for (const auto& [page, ms] : LoadEveryPage(ours, source_dir)) ours_ms[page].push_back(ms);
    for (const auto& [page, ms] : LoadEveryPage(baseline, source_dir)) {
      baseline_ms[page].push_back(ms);
    }
  }
  std::printf("%-16s %12s %12s %14s %7s  %s\n", "page", "ours median", "ours max", "baseline med.",
              "ratio", "target (<= 1000 ms)");
  bool all_met = true;
  for (const auto& [page, times] : ours_ms) {
    const Figures o = Summary(times);
    const Figures b = Summary(baseline_ms[page]);
    const bool met = o.max <= 1000;
    all_met = all_met && met;
    std::printf("%-16s %9.0f ms %9.0f ms %11.0f ms %7.2f  %s\n", page.c_str(), o.median, o.max,
                b.median, b.median / o.median, met ? "met" : "MISSED");
  }
  std::printf("every page interactive within 1 s on every load: %s; load average at end: %.1f\n",
              all_met ? "yes" : "no", LoadAverage());
  return 0;
}

}  // namespace
}  // namespace lakehouse::bench

int main(int argc, char** argv) {
  return lakehouse::bench::Run(lakehouse::bench::ParseArgs(argc, argv));
}
