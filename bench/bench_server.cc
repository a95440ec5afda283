#include "bench/bench_server.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace lakehouse::bench {

void Die(const std::string& what) {
  std::fprintf(stderr, "benchmark failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}

BenchServer::BenchServer(const std::string& name) {
  dir_ = std::filesystem::temp_directory_path() /
         ("lakehouse-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(scratch());
  Config config;
  config.data_dir = data_dir();
  config.server.port = 0;
  Result<std::unique_ptr<LakehouseServer>> server = LakehouseServer::Create(config);
  if (!server.ok()) Die("server: " + server.status().ToString());
  server_ = std::move(server).value();
  if (Status s = server_->Start(); !s.ok()) Die("server start: " + s.ToString());
  client_ = NewClient();
}

BenchServer::~BenchServer() {
  client_.reset();
  server_->Stop(std::chrono::milliseconds(2000));
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<HttpClient> BenchServer::NewClient() const {
  // Builds of 100K+ vectors (POST /vectors/refresh?wait=true) outlast the default 5 minutes on
  // a loaded machine.
  HttpClientOptions options;
  options.read_timeout = std::chrono::hours(1);
  Result<std::unique_ptr<HttpClient>> client =
      HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()), options);
  if (!client.ok()) Die("client: " + client.status().ToString());
  return std::move(client).value();
}

Json BenchServer::Ingest(const std::string& dataset, const std::string& path,
                         const std::string& mode, const std::string& key) {
  std::vector<MultipartItem> items;
  items.push_back({"dataset", dataset, "", "", ""});
  if (!mode.empty()) items.push_back({"mode", mode, "", "", ""});
  if (!key.empty()) items.push_back({"key", key, "", "", ""});
  items.push_back({"file", "", std::filesystem::path(path).filename().string(),
                   "application/vnd.apache.parquet", path});
  Result<ClientResponse> r = client_->PostMultipart("/ingest/file", items);
  if (!r.ok()) Die("ingest: " + r.status().ToString());
  if (r->status != 200) Die("ingest: HTTP " + std::to_string(r->status) + " " + r->body);
  Result<Json> body = r->JsonBody();
  if (!body.ok()) Die("ingest: " + body.status().ToString());
  return std::move(body).value();
}

Json BenchServer::Call(HttpMethod method, const std::string& path, const Json& body) {
  Result<ClientResponse> r = client_->Send(method, path, body.is_null() ? "" : DumpJson(body));
  if (!r.ok()) Die(path + ": " + r.status().ToString());
  if (r->status < 200 || r->status > 299) {
    Die(path + ": HTTP " + std::to_string(r->status) + " " + r->body);
  }
  Result<Json> parsed = r->JsonBody();
  if (!parsed.ok()) Die(path + ": " + parsed.status().ToString());
  return std::move(parsed).value();
}

ScratchDb::ScratchDb()
    : db(std::move(Database::Open(DuckDbOptions{}).value())),
      conn(std::move(db.Connect().value())) {}

void ScratchDb::Execute(const std::string& sql) {
  if (Status s = conn.Execute(sql); !s.ok()) Die(s.ToString() + " in: " + sql.substr(0, 200));
}

LatencySummary Summarize(std::vector<double> latencies_us, double wall_seconds) {
  LatencySummary out;
  if (latencies_us.empty()) return out;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(latencies_us.size() - 1) + 0.5);
    return latencies_us[std::min(i, latencies_us.size() - 1)];
  };
  out.p50_us = at(0.50);
  out.p99_us = at(0.99);
  out.mean_us = std::accumulate(latencies_us.begin(), latencies_us.end(), 0.0) /
                static_cast<double>(latencies_us.size());
  out.qps = wall_seconds > 0 ? static_cast<double>(latencies_us.size()) / wall_seconds : 0;
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace lakehouse::bench
