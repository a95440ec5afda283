#include "bench/vector_search_runs.h"

#include <time.h>

#include <algorithm>
#include <functional>
#include <thread>

#include "common/base64.h"
#include "common/logging.h"

namespace lakehouse::bench {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

std::string SearchBody(const Json& base, const Json& extra) {
  Json body = base;
  for (const auto& [k, v] : extra.items()) body[k] = v;
  return DumpJson(body);
}

ClientResponse SendSearch(HttpClient& client, const std::string& body, const std::string& path) {
  Result<ClientResponse> r = client.Send(HttpMethod::kPost, path, body);
  if (!r.ok()) Die("search: " + r.status().ToString());
  if (r->status != 200) Die("search: HTTP " + std::to_string(r->status) + " " + r->body);
  return std::move(r).value();
}

// The data rows of one query's "results" array.
std::vector<size_t> RowsOfHits(const Searchers& s, const Json& results) {
  std::vector<size_t> rows;
  for (const Json& hit : results) {
    auto it = s.indexed->row_of.find(
        ChunkKey(hit["doc_id"].get<std::string>(), hit["chunk_idx"].get<int64_t>()));
    if (it == s.indexed->row_of.end()) Die("search returned an unknown chunk");
    rows.push_back(it->second);
  }
  return rows;
}

std::vector<size_t> RowsOfResponse(const Searchers& s, const std::string& body,
                                   double* elapsed_ms) {
  Json parsed = ParseJson(body).value();
  *elapsed_ms += parsed["elapsed_ms"].get<double>();
  return RowsOfHits(s, parsed["results"]);
}

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Searches query i on the raw side (embedding text queries first, as the server does).
std::vector<std::pair<uint64_t, float>> RawSearch(const Searchers& s, const HashEmbedder& embedder,
                                                  size_t i, std::vector<float>& scratch) {
  std::span<const float> q = s.suite->queries.row(i);
  if (!s.suite->query_texts.empty()) {
    embedder.EmbedInto(s.suite->query_texts[i], scratch);
    q = scratch;
  }
  return s.raw->Search(q, kK);
}

PairedRun RunPaired(const Searchers& s, const std::vector<std::string>& bodies) {
  std::unique_ptr<HttpClient> client = s.server->NewClient();
  std::unique_ptr<HashEmbedder> embedder = HashEmbedder::Create({}).value();
  std::vector<float> scratch(kDims);
  const size_t n = bodies.size();
  for (size_t i = 0; i < std::min<size_t>(50, n); ++i) {  // warm-up: connection, caches
    (void)SendSearch(*client, bodies[i]);
    (void)RawSearch(s, *embedder, i, scratch);
  }
  std::vector<double> http_us(n), raw_us(n);
  std::vector<std::string> responses(n);
  std::vector<std::vector<std::pair<uint64_t, float>>> raw_results(n);
  double process_cpu = 0, client_cpu = 0, raw_cpu = 0;
  for (size_t i = 0; i < n; ++i) {
    for (int side = 0; side < 2; ++side) {
      if ((side + i) % 2 == 0) {
        const double p0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
        const double c0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        Clock::time_point t0 = Clock::now();
        responses[i] = SendSearch(*client, bodies[i]).body;
        http_us[i] = SecondsSince(t0) * 1e6;
        client_cpu += CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - c0;
        process_cpu += CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - p0;
      } else {
        const double c0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        Clock::time_point t0 = Clock::now();
        raw_results[i] = RawSearch(s, *embedder, i, scratch);
        raw_us[i] = SecondsSince(t0) * 1e6;
        raw_cpu += CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - c0;
      }
    }
  }
  PairedRun run;
  run.server_cpu_us = (process_cpu - client_cpu) * 1e6 / static_cast<double>(n);
  run.client_cpu_us = client_cpu * 1e6 / static_cast<double>(n);
  run.raw_cpu_us = raw_cpu * 1e6 / static_cast<double>(n);
  double http_total = 0, raw_total = 0;
  for (size_t i = 0; i < n; ++i) {
    http_total += http_us[i];
    raw_total += raw_us[i];
  }
  run.http = Summarize(http_us, http_total / 1e6);
  run.raw = Summarize(raw_us, raw_total / 1e6);
  double elapsed = 0;
  for (const std::string& body : responses)
    run.http_found.push_back(RowsOfResponse(s, body, &elapsed));
  run.server_elapsed_ms_mean = elapsed / static_cast<double>(n);
  for (const auto& r : raw_results) {
    std::vector<size_t> rows;
    for (const auto& [label, score] : r) rows.push_back(s.row_of_label.at(label));
    run.raw_found.push_back(std::move(rows));
  }
  return run;
}

// QPS with `threads` concurrent clients (HTTP) and `threads` concurrent search threads (raw),
// alternating the sides over `rounds` passes of all queries; each side's QPS is its total
// queries over its total wall time. bodies[i] holds queries [i * batch, (i + 1) * batch) and goes
// to `path`; the raw side searches the same queries one by one.
std::pair<double, double> RunConcurrent(const Searchers& s, const std::vector<std::string>& bodies,
                                        int threads, int rounds, size_t batch,
                                        const std::string& path) {
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int t = 0; t < threads; ++t) clients.push_back(s.server->NewClient());
  std::unique_ptr<HashEmbedder> embedder = HashEmbedder::Create({}).value();
  const size_t queries = s.suite->queries.rows();
  auto parallel = [&](const std::function<void(int, size_t)>& one) {
    Clock::time_point start = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = static_cast<size_t>(t); i < bodies.size();
             i += static_cast<size_t>(threads)) {
          one(t, i);
        }
      });
    }
    for (std::thread& t : pool) t.join();
    return SecondsSince(start);
  };
  double http_s = 0, raw_s = 0;
  for (int round = 0; round < rounds; ++round) {
    http_s += parallel([&](int t, size_t i) {
      (void)SendSearch(*clients[static_cast<size_t>(t)], bodies[i], path);
    });
    raw_s += parallel([&](int, size_t i) {
      thread_local std::vector<float> scratch(kDims);
      for (size_t q = i * batch; q < std::min(queries, (i + 1) * batch); ++q) {
        (void)RawSearch(s, *embedder, q, scratch);
      }
    });
  }
  const double total = static_cast<double>(queries) * rounds;
  return {total / http_s, total / raw_s};
}

// A query vector as base64 little-endian float32 (OpenAI's encoding_format "base64").
std::string Float32Base64(std::span<const float> v) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(v.data()), v.size_bytes()));
}

// POST /vectors/search/batch bodies: `batch` consecutive queries each, "columns": []; vectors as
// JSON numbers or, with `base64`, as base64 float32 strings.
std::vector<std::string> BatchBodies(const Suite& suite, size_t batch, bool base64) {
  std::vector<std::string> out;
  for (size_t first = 0; first < suite.bodies.size(); first += batch) {
    Json body = {{"index", suite.index}, {"k", kK}, {"columns", Json::array()}};
    const bool text = suite.bodies[first].contains("query");
    Json list = Json::array();
    for (size_t i = first; i < std::min(first + batch, suite.bodies.size()); ++i) {
      if (base64 && !text) {
        list.push_back(Float32Base64(suite.queries.row(i)));
      } else {
        list.push_back(suite.bodies[i][text ? "query" : "vector"]);
      }
    }
    body[text ? "queries" : "vectors"] = std::move(list);
    out.push_back(DumpJson(body));
  }
  return out;
}

BatchedRun RunBatched(const Searchers& s, const std::vector<std::string>& bodies, size_t batch) {
  std::unique_ptr<HttpClient> client = s.server->NewClient();
  std::unique_ptr<HashEmbedder> embedder = HashEmbedder::Create({}).value();
  std::vector<float> scratch(kDims);
  const size_t queries = s.suite->queries.rows();
  (void)SendSearch(*client, bodies[0], "/vectors/search/batch");  // warm-up
  double http_s = 0, raw_s = 0;
  std::vector<std::string> responses(bodies.size());
  for (int pass = 0; pass < kBatchedPasses; ++pass) {
    for (size_t b = 0; b < bodies.size(); ++b) {
      for (int side = 0; side < 2; ++side) {
        Clock::time_point t0 = Clock::now();
        if ((side + b + static_cast<size_t>(pass)) % 2 == 0) {
          responses[b] = SendSearch(*client, bodies[b], "/vectors/search/batch").body;
          http_s += SecondsSince(t0);
        } else {
          for (size_t q = b * batch; q < std::min(queries, (b + 1) * batch); ++q) {
            (void)RawSearch(s, *embedder, q, scratch);
          }
          raw_s += SecondsSince(t0);
        }
      }
    }
  }
  BatchedRun run;
  run.http_qps = static_cast<double>(queries) * kBatchedPasses / http_s;
  run.raw_qps = static_cast<double>(queries) * kBatchedPasses / raw_s;
  for (const std::string& body : responses) {
    Json parsed = ParseJson(body).value();
    run.server_us += parsed["elapsed_ms"].get<double>() * 1000 / static_cast<double>(queries);
    for (const Json& results : parsed["results"]) {
      run.http_found.push_back(RowsOfHits(s, results));
    }
  }
  return run;
}

// HTTP only (variants with rows): one client.
LatencySummary RunHttpOnly(BenchServer& server, const std::vector<std::string>& bodies) {
  std::unique_ptr<HttpClient> client = server.NewClient();
  for (size_t i = 0; i < std::min<size_t>(10, bodies.size()); ++i)
    (void)SendSearch(*client, bodies[i]);
  std::vector<double> latencies;
  Clock::time_point start = Clock::now();
  for (const std::string& body : bodies) {
    Clock::time_point t0 = Clock::now();
    (void)SendSearch(*client, body);
    latencies.push_back(SecondsSince(t0) * 1e6);
  }
  return Summarize(latencies, SecondsSince(start));
}

// GET /health round trips: the HTTP cost every request pays, with no work behind it.
LatencySummary RoundTripFloor(BenchServer& server) {
  std::unique_ptr<HttpClient> client = server.NewClient();
  std::vector<double> us;
  Clock::time_point start = Clock::now();
  for (int i = 0; i < 1100; ++i) {
    Clock::time_point t0 = Clock::now();
    Result<ClientResponse> r = client->Send(HttpMethod::kGet, "/health", "");
    if (!r.ok() || r->status != 200) Die("GET /health failed");
    if (i >= 100) us.push_back(SecondsSince(t0) * 1e6);  // the first 100 warm up
  }
  return Summarize(us, SecondsSince(start));
}

}  // namespace lakehouse::bench
