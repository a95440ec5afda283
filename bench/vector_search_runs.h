// The measurements of the vector search benchmark: the server over loopback HTTP against raw
// hnswlib in-process, one query per request and in batches, one client and two.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench/bench_server.h"
#include "bench/raw_hnswlib.h"
#include "bench/vector_bench_data.h"
#include "embed/hash_embedder.h"

namespace lakehouse::bench {

constexpr int kBatchedPasses = 3;  // one-client batched runs: passes over the queries

struct Suite {
  std::string name;
  std::string dataset;
  std::string index;
  // Per query: the JSON body for POST /vectors/search (without "columns"/"exact").
  std::vector<Json> bodies;
  Matrix queries;  // the query vectors (embedded here for text queries)
  // Text queries: the raw side embeds them inside its timed loop, as the server does.
  std::vector<std::string> query_texts;
  std::vector<std::string> row_columns;  // two small columns for the "with rows" variant
};

// Everything a side of the comparison needs to search.
struct Searchers {
  BenchServer* server;
  const RawHnswlib* raw;
  const Suite* suite;
  const IndexedVectors* indexed;
  std::unordered_map<uint64_t, size_t> row_of_label;
};

// `base` with the members of `extra` set, as JSON text.
std::string SearchBody(const Json& base, const Json& extra);
// POST `path`; dies unless 200.
ClientResponse SendSearch(HttpClient& client, const std::string& body,
                          const std::string& path = "/vectors/search");

// One client against one thread, interleaved query by query (alternating which goes first), so
// both sides see the same machine load.
struct PairedRun {
  LatencySummary http, raw;
  // CPU per query: the server's (the process's CPU during the HTTP request minus this client
  // thread's) and raw hnswlib's (this thread's). Background threads are idle meanwhile.
  double server_cpu_us = 0, client_cpu_us = 0, raw_cpu_us = 0;
  std::vector<std::vector<size_t>> http_found, raw_found;
  double server_elapsed_ms_mean = 0;
};
PairedRun RunPaired(const Searchers& s, const std::vector<std::string>& bodies);

// QPS with `threads` concurrent clients (HTTP) and `threads` concurrent search threads (raw),
// alternating the sides over `rounds` passes of all queries; each side's QPS is its total
// queries over its total wall time. bodies[i] holds queries [i * batch, (i + 1) * batch) and goes
// to `path`; the raw side searches the same queries one by one.
std::pair<double, double> RunConcurrent(const Searchers& s, const std::vector<std::string>& bodies,
                                        int threads, int rounds, size_t batch = 1,
                                        const std::string& path = "/vectors/search");

// A query vector as base64 little-endian float32 (OpenAI's encoding_format "base64").
std::string Float32Base64(std::span<const float> v);
// POST /vectors/search/batch bodies: `batch` consecutive queries each, "columns": []; vectors as
// JSON numbers or, with `base64`, as base64 float32 strings.
std::vector<std::string> BatchBodies(const Suite& suite, size_t batch, bool base64 = false);

// One client sending batches against one thread searching the same queries one by one,
// interleaved batch by batch (alternating which side goes first), kBatchedPasses passes.
struct BatchedRun {
  double http_qps = 0, raw_qps = 0;
  double server_us = 0;  // the server's elapsed_ms per query, in microseconds
  std::vector<std::vector<size_t>> http_found;  // per query, for recall
};
BatchedRun RunBatched(const Searchers& s, const std::vector<std::string>& bodies, size_t batch);

// HTTP only (variants with rows): one client.
LatencySummary RunHttpOnly(BenchServer& server, const std::vector<std::string>& bodies);

// GET /health round trips: the HTTP cost every request pays, with no work behind it.
LatencySummary RoundTripFloor(BenchServer& server);

}  // namespace lakehouse::bench
