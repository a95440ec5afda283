// Ingest throughput: a 1,000,000-row × 12-column CSV (ints, doubles, short strings, dates,
// booleans) through POST /ingest/file on the in-process server, versus raw DuckDB converting the
// same file to zstd Parquet with COPY ... TO in the same run. Each iteration ingests into a fresh
// dataset, so every run pays for schema inference, the Parquet write and the catalog commit.
//
// Second case (issue #18): a bring-your-own-vectors Parquet file, 100,000 rows of (id BIGINT,
// vector FLOAT[384]) ≈ 154 MB, through POST /ingest/file against DuckDB's own COPY of the same
// file to zstd Parquet, interleaved. LH_INGEST_BENCH=csv|vectors runs one case (default both).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bench/bench_server.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "http/http_client.h"
#include "sql/database.h"

namespace lakehouse {
namespace {

constexpr int64_t kRows = 1'000'000;

// Deterministic data: every value is a hash of the row number, so the file is the same on every
// run regardless of DuckDB's thread scheduling.
const char* kCsvSelect = R"(
  SELECT range AS id,
         (hash(range) % 100000)::INTEGER AS customer_id,
         (hash(range + 1) % 50)::INTEGER AS quantity,
         round((hash(range + 2) % 1000000) / 100.0, 2) AS price,
         round((hash(range + 3) % 1000) / 1000.0, 3) AS discount,
         (hash(range + 4) % 100000) / 7.0 AS weight,
         'item-' || (hash(range + 5) % 5000) AS sku,
         ['DE','FR','US','JP','BR','IN','NG','AU'][(hash(range + 6) % 8)::INTEGER + 1] AS country,
         ['new','paid','shipped','returned'][(hash(range + 7) % 4)::INTEGER + 1] AS status,
         DATE '2020-01-01' + (hash(range + 8) % 2000)::INTEGER AS order_date,
         DATE '2020-01-01' + (hash(range + 8) % 2000)::INTEGER + (hash(range + 9) % 14)::INTEGER
             AS ship_date,
         hash(range + 10) % 2 = 0 AS is_gift
  FROM range(1000000))";

// 100K × 384 floats, deterministic, incompressible (as real embeddings are).
const char* kVectorsSelect = R"(
  SELECT range AS id,
         list_transform(range(384), x -> ((hash(range * 384 + x) % 2000001)::DOUBLE / 1e6 - 1.0)
             ::FLOAT)::FLOAT[384] AS vector
  FROM range(100000))";

bool RunCase(const char* name) {
  const char* only = std::getenv("LH_INGEST_BENCH");
  return only == nullptr || std::string(only).empty() || std::string(only) == name;
}

struct Fixture {
  Fixture() {
    csv = (server.scratch() / "orders.csv").string();
    vectors = (server.scratch() / "vectors.parquet").string();
    Database db = std::move(Database::Open(DuckDbOptions{}).value());
    Connection conn = std::move(db.Connect().value());
    if (RunCase("csv")) {
      Status s = conn.Execute("COPY (" + std::string(kCsvSelect) + ") TO '" + csv + "' (HEADER)");
      if (!s.ok()) bench::Die("generating CSV: " + s.ToString());
    }
    if (RunCase("vectors")) {
      Status s = conn.Execute("COPY (" + std::string(kVectorsSelect) + ") TO '" + vectors +
                              "' (FORMAT parquet, COMPRESSION snappy)");
      if (!s.ok()) bench::Die("generating vectors: " + s.ToString());
    }
  }
  bench::BenchServer server{"ingest-bench"};  // first: the inputs go into its scratch directory
  std::string csv;
  std::string vectors;
};

Fixture& F() {
  static Fixture* fixture = new Fixture();  // lives for the process; benchmarks share it
  return *fixture;
}

void BM_IngestCsvHttp(benchmark::State& state) {
  int64_t n = 0;
  for (auto _ : state) {
    std::vector<MultipartItem> items;
    items.push_back({"dataset", "orders_" + std::to_string(n++), "", "", ""});
    items.push_back({"file", "", "orders.csv", "text/csv", F().csv});
    auto r = F().server.client().PostMultipart("/ingest/file", items);
    if (!r.ok() || r->status != 200) {
      state.SkipWithError(r.ok() ? r->body.c_str() : r.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_IngestCsvDuckDbBaseline(benchmark::State& state) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  std::string out = (F().server.scratch() / "baseline.parquet").string();
  for (auto _ : state) {
    Status s = conn.Execute("COPY (SELECT * FROM read_csv('" + F().csv + "')) TO '" + out +
                            "' (FORMAT parquet, COMPRESSION zstd)");
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

// The same pair interleaved, one ingest and one COPY per round (alternating which goes first),
// medians: on a shared machine the sequential loops above drift apart by as much as the gap.
// `input`: the file both read; `baseline_select`: DuckDB's reading of it.
void RunInterleaved(int rounds, const std::string& label, const std::string& input,
                    const std::string& content_type, const std::string& baseline_select) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  const std::string out = (F().server.scratch() / "baseline-interleaved.parquet").string();
  std::vector<double> ours, baseline;
  for (int round = 0; round < rounds; ++round) {
    for (int side = 0; side < 2; ++side) {
      const auto start = std::chrono::steady_clock::now();
      if ((side + round) % 2 == 0) {
        std::vector<MultipartItem> items;
        items.push_back({"dataset", label + "_" + std::to_string(round), "", "", ""});
        items.push_back(
            {"file", "", std::filesystem::path(input).filename().string(), content_type, input});
        auto r = F().server.client().PostMultipart("/ingest/file", items);
        if (!r.ok() || r->status != 200)
          bench::Die("ingest: " + (r.ok() ? r->body : r.status().ToString()));
        ours.push_back(bench::SecondsSince(start));
      } else {
        Status s = conn.Execute("COPY (" + baseline_select + ") TO '" + out +
                                "' (FORMAT parquet, COMPRESSION zstd)");
        if (!s.ok()) bench::Die("baseline: " + s.ToString());
        baseline.push_back(bench::SecondsSince(start));
      }
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf(
      "%s: interleaved, %d rounds, medians: ours %.1f ms, DuckDB COPY %.1f ms, ratio %.3fx\n",
      label.c_str(), rounds, median(ours) * 1000, median(baseline) * 1000,
      median(baseline) / median(ours));
}

BENCHMARK(BM_IngestCsvHttp)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_IngestCsvDuckDbBaseline)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) {
  lakehouse::InitLogging("warn", "text");
  lakehouse::F();  // generate the inputs and start the server outside the timed loops
  int rc = 0;
  if (lakehouse::RunCase("csv")) {
    rc = lakehouse::bench::RunAndReport(argc, argv,
                                        {{"1M-row CSV: POST /ingest/file vs DuckDB COPY to Parquet",
                                          "BM_IngestCsvHttp", "BM_IngestCsvDuckDbBaseline"}});
    lakehouse::RunInterleaved(7, "csv", lakehouse::F().csv, "text/csv",
                              "SELECT * FROM read_csv('" + lakehouse::F().csv + "')");
  }
  if (lakehouse::RunCase("vectors")) {
    const char* rounds = std::getenv("LH_INGEST_ROUNDS");  // default 5
    lakehouse::RunInterleaved(rounds != nullptr ? std::atoi(rounds) : 5, "vectors_parquet",
                              lakehouse::F().vectors, "application/octet-stream",
                              "SELECT * FROM read_parquet('" + lakehouse::F().vectors + "')");
  }
  delete &lakehouse::F();  // stops the server and removes the temp dir
  return rc;
}
