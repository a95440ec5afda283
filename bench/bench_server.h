// BenchServer: a real LakehouseServer started in-process on a loopback port with a fresh data
// directory, and the HTTP steps the benchmarks share (ingest a local file, POST JSON and
// insist on success). Any failure aborts the benchmark with the server's answer: a benchmark
// that silently measured an error page is worse than none.
//
// Also: Parquet writing through an in-memory DuckDB, latency summaries.
//
// Thread-safety: client() is for the controlling thread; NewClient() gives other threads theirs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "http/http_client.h"
#include "server/lakehouse_server.h"
#include "sql/database.h"

namespace lakehouse::bench {

class BenchServer {
 public:
  // `name` labels the temp dir (/tmp/lakehouse-<name>-<pid>); removed on destruction.
  explicit BenchServer(const std::string& name);
  ~BenchServer();

  HttpClient& client() { return *client_; }
  LakehouseServer& server() { return *server_; }
  std::unique_ptr<HttpClient> NewClient() const;
  const std::filesystem::path& dir() const { return dir_; }
  std::string data_dir() const { return (dir_ / "data").string(); }
  // A scratch directory for generated inputs (not served).
  std::filesystem::path scratch() const { return dir_ / "scratch"; }

  // POST /ingest/file with one file; mode "append" | "upsert" | "replace"; key for upserts.
  Json Ingest(const std::string& dataset, const std::string& path, const std::string& mode = "",
              const std::string& key = "");
  // Sends and returns the JSON answer; aborts unless the status is 2xx.
  Json Call(HttpMethod method, const std::string& path, const Json& body);
  Json Post(const std::string& path, const Json& body) {
    return Call(HttpMethod::kPost, path, body);
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<LakehouseServer> server_;
  std::unique_ptr<HttpClient> client_;
};

// An in-memory DuckDB for writing inputs and reading index parts.
struct ScratchDb {
  ScratchDb();
  void Execute(const std::string& sql);
  Database db;
  Connection conn;
};

[[noreturn]] void Die(const std::string& what);

// Latencies in microseconds → summary.
struct LatencySummary {
  double p50_us = 0, p99_us = 0, mean_us = 0;
  double qps = 0;  // requests / wall seconds of the loop that produced them
};
LatencySummary Summarize(std::vector<double> latencies_us, double wall_seconds);

double SecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace lakehouse::bench
