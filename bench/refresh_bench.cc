// Decoupled embedding refresh (issue #7): the cost of a refresh against the full build it avoids,
// through the whole server (HTTP, DuckDB delta, builtin/hash-v1, hnswlib, Parquet parts, graph
// save), measured in one run:
//
//   * 100,000 documents (one chunk each, seeded synthetic English-like text) — full build time
//     (POST /vectors/refresh/{dataset}?wait=true creating the index), then refreshes after
//     +1% appended rows, +1% updated rows (upserts with changed text) and +1% deleted rows
//     (tombstones), each as a ratio to the full build (target ≤ 1/50 each);
//   * the no-op refresh (nothing changed since the last one) at 100K and 1M rows (target ≤ 2 ms).
//
// Flags: --rows-1m=N sets the large dataset's size (default 1,000,000; 0 skips it);
// --model=ID the embedding model (default builtin/hash-v1; builtin/use-lite-v1 measures the
// semantic model's full refresh, issue #19).
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_server.h"
#include "common/logging.h"
#include "sql/appender.h"
#include "sql/column_batch.h"
#include "sql/sql_literal.h"

namespace lakehouse::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kDocs = 100'000;
constexpr int64_t kDelta = kDocs / 100;  // 1%
constexpr int kNoOpCalls = 1000;
constexpr double kTargetRatio = 50.0;  // refresh ≤ 1/50 of the full build
constexpr double kTargetNoOpMs = 2.0;

// Seeded synthetic English-like text: a made-up vocabulary drawn Zipf-style, sentences with
// capitals and punctuation (as bench/embed_bench.cc), 250-600 characters per document so that
// each document is one chunk at the default chunk_size (1000).
class TextGenerator {
 public:
  explicit TextGenerator(uint64_t seed) : rng_(seed) {
    static const std::string kConsonants = "bcdfghjklmnprstvwz";
    static const std::string kVowels = "aeiou";
    for (int i = 0; i < 20000; ++i) {
      std::string w;
      for (int s = 1 + static_cast<int>(rng_() % 4); s > 0; --s) {
        w += kConsonants[rng_() % kConsonants.size()];
        w += kVowels[rng_() % kVowels.size()];
        if (rng_() % 3 == 0) w += kConsonants[rng_() % kConsonants.size()];
      }
      vocab_.push_back(std::move(w));
    }
    std::vector<double> weights(vocab_.size());
    for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
    pick_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }

  std::string Document() {
    const size_t target = 250 + rng_() % 351;
    std::string text;
    bool sentence_start = true;
    while (text.size() < target) {
      std::string word = vocab_[pick_(rng_)];
      if (sentence_start) word[0] = static_cast<char>(std::toupper(word[0]));
      text += word;
      sentence_start = rng_() % 12 == 0;
      text += sentence_start ? ". " : (rng_() % 10 == 0 ? ", " : " ");
    }
    return text;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> vocab_;
  std::discrete_distribution<size_t> pick_;
};

// Writes ids [first, first + count) with fresh text to a Parquet file.
void WriteDocs(ScratchDb& db, TextGenerator& gen, int64_t first, int64_t count,
               const std::string& path) {
  db.Execute("CREATE OR REPLACE TABLE docs (id BIGINT, title VARCHAR, body VARCHAR)");
  ColumnBatch rows({{ColumnBatch::kInt64}, {ColumnBatch::kVarchar}, {ColumnBatch::kVarchar}});
  auto flush = [&] {
    Result<Appender> appender = db.conn.CreateAppender("docs");
    if (!appender.ok()) Die(appender.status().ToString());
    if (Status s = appender->AppendBatch(rows); !s.ok()) Die(s.ToString());
    if (Status s = appender->Close(); !s.ok()) Die(s.ToString());
    rows.Clear();
  };
  for (int64_t id = first; id < first + count; ++id) {
    rows.AddInt64(0, id);
    rows.AddString(1, "document " + std::to_string(id));
    rows.AddString(2, gen.Document());
    if (Status s = rows.EndRow(); !s.ok()) Die(s.ToString());
    if (rows.rows() == 16384) flush();
  }
  if (rows.rows() > 0) flush();
  db.Execute("COPY docs TO " + SqlStringLiteral(path) + " (FORMAT parquet, COMPRESSION zstd)");
  db.Execute("DROP TABLE docs");
}

struct Refresh {
  double wall_s = 0;
  Json result;
};

// POST /vectors/refresh/{dataset}?wait=true (creating the index the first time, with `hnsw`).
std::string g_model = "builtin/hash-v1";

Refresh RunRefresh(BenchServer& server, const std::string& dataset, const std::string& index,
                   const Json& hnsw = nullptr) {
  Json body = {{"index_name", index}, {"id_column", "id"}, {"text_column", "body"}};
  // The model is set when the index is created; later refreshes keep it.
  body["model"] = g_model;
  if (!hnsw.is_null()) body["hnsw"] = hnsw;
  Clock::time_point start = Clock::now();
  Json result = server.Post("/vectors/refresh/" + dataset + "?wait=true", body);
  return Refresh{SecondsSince(start), std::move(result)};
}

void PrintRefresh(const char* label, const Refresh& r, double full_s) {
  const Json& j = r.result;
  double ratio = full_s / r.wall_s;
  const bool full = r.wall_s == full_s;
  std::printf("%-26s %9.3f s %8" PRId64 " ms  %6" PRId64 " %6" PRId64 " %6" PRId64 " %7" PRId64
              "  %8.1fx  1/%-6.0f %s\n",
              label, r.wall_s, j.value("elapsed_ms", int64_t{0}), j.value("docs_added", int64_t{0}),
              j.value("docs_updated", int64_t{0}), j.value("docs_deleted", int64_t{0}),
              j.value("chunks_embedded", int64_t{0}), ratio, ratio,
              full                    ? ""
              : ratio >= kTargetRatio ? "met"
                                      : "MISSED");
  std::fflush(stdout);
}

// kNoOpCalls refreshes with nothing to do, one client, over HTTP.
LatencySummary NoOpLatency(BenchServer& server, const std::string& dataset,
                           const std::string& index) {
  std::string body = DumpJson(Json{{"index_name", index}});
  std::string path = "/vectors/refresh/" + dataset + "?wait=true";
  for (int i = 0; i < 20; ++i) (void)server.client().Send(HttpMethod::kPost, path, body);
  std::vector<double> latencies;
  Clock::time_point start = Clock::now();
  for (int i = 0; i < kNoOpCalls; ++i) {
    Clock::time_point t0 = Clock::now();
    Result<ClientResponse> r = server.client().Send(HttpMethod::kPost, path, body);
    latencies.push_back(SecondsSince(t0) * 1e6);
    if (!r.ok() || r->status != 200)
      Die("no-op refresh: " + (r.ok() ? r->body : r.status().ToString()));
    if (i == 0 && !ParseJson(r->body).value().value("up_to_date", false)) {
      Die("the no-op refresh was not answered as up to date: " + r->body);
    }
  }
  return Summarize(latencies, SecondsSince(start));
}

void PrintNoOp(const char* label, const LatencySummary& s) {
  std::printf("%-34s p50 %7.3f ms  p99 %7.3f ms  mean %7.3f ms  %s\n", label, s.p50_us / 1000,
              s.p99_us / 1000, s.mean_us / 1000,
              s.p50_us / 1000 <= kTargetNoOpMs ? "met" : "MISSED");
  std::fflush(stdout);
}

void Run(int64_t rows_1m) {
  BenchServer server("refresh-bench");
  ScratchDb db;
  TextGenerator gen(20261127);
  const std::string dataset = "docs";
  const std::string index = "docs_idx";
  const std::string file = (server.scratch() / "docs.parquet").string();

  std::printf("refresh: %" PRId64
              " documents of 250-600 chars (one chunk each), %s, m 16, ef_construction 200; "
              "deltas of %" PRId64 " rows (1%%)\n",
              kDocs, g_model.c_str(), kDelta);
  std::fflush(stdout);
  WriteDocs(db, gen, 0, kDocs, file);
  server.Ingest(dataset, file, "upsert", "id");

  Refresh full = RunRefresh(server, dataset, index);
  std::printf("\n%-26s %11s %11s  %6s %6s %6s %7s  %9s  %-7s\n", "", "wall (HTTP)", "elapsed_ms",
              "added", "upd", "del", "embed", "full/this", "target 1/50");
  PrintRefresh("full build", full, full.wall_s);

  // +1% appended: new ids.
  WriteDocs(db, gen, kDocs, kDelta, file);
  server.Ingest(dataset, file, "append");
  Refresh appended = RunRefresh(server, dataset, index);
  PrintRefresh("+1% appended", appended, full.wall_s);

  // +1% updated: existing ids (spread over the dataset) with new text.
  {
    db.Execute("CREATE OR REPLACE TABLE docs (id BIGINT, title VARCHAR, body VARCHAR)");
    ColumnBatch rows({{ColumnBatch::kInt64}, {ColumnBatch::kVarchar}, {ColumnBatch::kVarchar}});
    for (int64_t i = 0; i < kDelta; ++i) {
      int64_t id = i * (kDocs / kDelta) + 7;
      rows.AddInt64(0, id);
      rows.AddString(1, "document " + std::to_string(id) + " (edited)");
      rows.AddString(2, gen.Document());
      if (Status s = rows.EndRow(); !s.ok()) Die(s.ToString());
    }
    Result<Appender> appender = db.conn.CreateAppender("docs");
    if (!appender.ok()) Die(appender.status().ToString());
    if (Status s = appender->AppendBatch(rows); !s.ok()) Die(s.ToString());
    if (Status s = appender->Close(); !s.ok()) Die(s.ToString());
    db.Execute("COPY docs TO " + SqlStringLiteral(file) + " (FORMAT parquet, COMPRESSION zstd)");
    db.Execute("DROP TABLE docs");
  }
  server.Ingest(dataset, file, "upsert", "id");
  Refresh updated = RunRefresh(server, dataset, index);
  PrintRefresh("+1% updated (upsert)", updated, full.wall_s);

  // +1% deleted: tombstones on other existing ids.
  Json keys = Json::array();
  for (int64_t i = 0; i < kDelta; ++i) keys.push_back(i * (kDocs / kDelta) + 42);
  server.Post("/catalog/datasets/by-name/" + dataset + "/tombstone",
              Json{{"row_key_column", "id"}, {"row_key_values", keys}});
  Refresh deleted = RunRefresh(server, dataset, index);
  PrintRefresh("+1% deleted (tombstones)", deleted, full.wall_s);

  std::printf(
      "\nno-op refresh (POST /vectors/refresh/{dataset}?wait=true, nothing changed), "
      "%d calls, target <= %.0f ms:\n",
      kNoOpCalls, kTargetNoOpMs);
  PrintNoOp("101K rows", NoOpLatency(server, dataset, index));

  if (rows_1m > 0) {
    const std::string big = "docs_big";
    const std::string big_index = "docs_big_idx";
    Clock::time_point start = Clock::now();
    for (int64_t first = 0; first < rows_1m; first += 250'000) {
      WriteDocs(db, gen, first, std::min<int64_t>(250'000, rows_1m - first), file);
      server.Ingest(big, file, first == 0 ? "upsert" : "append", first == 0 ? "id" : "");
    }
    std::printf("%" PRId64 " rows written and ingested in %.1f s\n", rows_1m, SecondsSince(start));
    std::fflush(stdout);
    // The no-op path never touches the graph, so this index is built with a cheap one (m 8,
    // ef_construction 16) to keep the run in minutes.
    Refresh big_full = RunRefresh(server, big, big_index, Json{{"m", 8}, {"ef_construction", 16}});
    std::printf("%" PRId64 "-row index (hnsw m 8, ef_construction 16) built in %.1f s (%" PRId64
                " chunks embedded)\n",
                rows_1m, big_full.wall_s, big_full.result.value("chunks_embedded", int64_t{0}));
    char label[64];
    std::snprintf(label, sizeof(label), "%" PRId64 " rows", rows_1m);
    PrintNoOp(label, NoOpLatency(server, big, big_index));
  }
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace lakehouse::bench

int main(int argc, char** argv) {
  lakehouse::InitLogging("warn", "text");
  int64_t rows_1m = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--rows-1m=", 0) == 0) rows_1m = std::stoll(arg.substr(10));
    if (arg.rfind("--model=", 0) == 0) lakehouse::bench::g_model = arg.substr(8);
    // --benchmark_* flags from bench/run.sh do not apply: this benchmark sizes its own loops.
  }
  lakehouse::bench::Run(rows_1m);
  return 0;
}
