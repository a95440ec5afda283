// HTTP round-trip cost: /health and `SELECT 1` through the real server (loopback, keep-alive)
// versus the same route handlers called in-process. Catches regressions in the HTTP adapter
// (e.g. Nagle's algorithm turning a 0.1 ms round-trip into 40 ms, or an exhausted worker pool).
// A second server with tracing on (spans exported to an in-process OTLP/HTTP collector) gives the
// cost of tracing on the same round-trips, in the same run (ADR 013).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>

#include "access/access_policy.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "http/http_client.h"
#include "http/http_server.h"
#include "server/lakehouse_server.h"

namespace lakehouse {
namespace {

// An OTLP/HTTP collector that takes every export (POST /v1/traces → 200) and counts them.
struct Collector {
  Collector() {
    RouteSpec spec{HttpMethod::kPost, "/v1/traces", "exportTraces"};
    if (!routes
             .Add(spec,
                  [this](HttpRequest&) -> Result<HttpResponse> {
                    exports.fetch_add(1);
                    return HttpResponse::JsonBody(Json::object());
                  })
             .ok()) {
      std::abort();
    }
    HttpServerOptions options;
    options.port = 0;
    options.threads = 2;
    server = std::make_unique<HttpServer>(options, &routes, &metrics);
    if (!server->Bind().ok()) std::abort();
    running = std::async(std::launch::async, [this] { return server->Run(); });
  }
  ~Collector() {
    server->Shutdown(std::chrono::milliseconds(1000));
    running.wait();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
  RouteTable routes;
  HttpMetrics metrics;
  std::unique_ptr<HttpServer> server;
  std::future<Status> running;
  std::atomic<int64_t> exports{0};
};

struct Fixture {
  // With `otlp_endpoint`, tracing is on and spans go there.
  explicit Fixture(const std::string& otlp_endpoint = "") {
    dir = std::filesystem::temp_directory_path() / ("lakehouse-bench-" + std::to_string(getpid()) +
                                                    (otlp_endpoint.empty() ? "" : "-traced"));
    Config config;
    config.data_dir = dir.string();
    config.server.port = 0;
    config.telemetry.otlp_endpoint = otlp_endpoint;
    server = std::move(LakehouseServer::Create(config).value());
    if (!server->Start().ok()) std::abort();
    client =
        std::move(HttpClient::Create("http://127.0.0.1:" + std::to_string(server->port())).value());
  }
  ~Fixture() {
    client.reset();
    server->Stop(std::chrono::milliseconds(2000));
    std::filesystem::remove_all(dir);
  }
  Result<HttpResponse> CallInProcess(HttpMethod method, const std::string& path, std::string body) {
    RouteTable::Match m = server->routes().Find(method, path);
    HttpRequest req;
    req.method = method;
    req.path = path;
    req.body = std::move(body);
    req.path_params = m.params;
    req.policy = AccessPolicy::DevMode();  // in-process: no authentication step runs
    return m.route->handler(req);
  }
  std::filesystem::path dir;
  std::unique_ptr<LakehouseServer> server;
  std::unique_ptr<HttpClient> client;
};

std::unique_ptr<Fixture>& FixtureSlot() {
  static std::unique_ptr<Fixture> fixture;  // shared by all benchmarks; reset at the end of main
  return fixture;
}

Fixture& F() {
  if (!FixtureSlot()) FixtureSlot() = std::make_unique<Fixture>();
  return *FixtureSlot();
}

// The traced server and its collector (declared so the server stops before the collector).
struct TracedSlots {
  std::unique_ptr<Collector> collector;
  std::unique_ptr<Fixture> fixture;
};
TracedSlots& TracedServer() {
  static TracedSlots slots;
  if (!slots.collector) {
    slots.collector = std::make_unique<Collector>();
    slots.fixture = std::make_unique<Fixture>(slots.collector->url());
  }
  return slots;
}
Fixture& FTraced() { return *TracedServer().fixture; }

const std::string kSelect1 = R"({"sql": "SELECT 1 AS one"})";

void BM_HealthHttp(benchmark::State& state) {
  for (auto _ : state) {
    auto r = F().client->Get("/health");
    if (!r.ok() || r->status != 200) state.SkipWithError("health failed");
  }
}
void BM_HealthInProcess(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(F().CallInProcess(HttpMethod::kGet, "/health", ""));
}
void BM_Select1Http(benchmark::State& state) {
  for (auto _ : state) {
    auto r = F().client->Send(HttpMethod::kPost, "/query/sql", kSelect1);
    if (!r.ok() || r->status != 200) state.SkipWithError("query failed");
  }
}
void BM_HealthHttpTraced(benchmark::State& state) {
  for (auto _ : state) {
    auto r = FTraced().client->Get("/health");
    if (!r.ok() || r->status != 200) state.SkipWithError("health failed");
  }
}
void BM_Select1HttpTraced(benchmark::State& state) {
  for (auto _ : state) {
    auto r = FTraced().client->Send(HttpMethod::kPost, "/query/sql", kSelect1);
    if (!r.ok() || r->status != 200) state.SkipWithError("query failed");
  }
}
void BM_Select1InProcess(benchmark::State& state) {
  for (auto _ : state) {
    auto r = F().CallInProcess(HttpMethod::kPost, "/query/sql", kSelect1);
    if (!r.ok()) state.SkipWithError("query failed");
  }
}

// 16 keep-alive clients at once: catches a worker pool too small for idle keep-alive clients (with
// cpp-httplib's default 8 threads a 9th client waited 5 s) and reports requests per second.
void BM_HealthHttpConcurrent(benchmark::State& state) {
  auto client = HttpClient::Create("http://127.0.0.1:" + std::to_string(F().server->port()));
  for (auto _ : state) {
    auto r = (*client)->Get("/health");
    if (!r.ok() || r->status != 200) state.SkipWithError("health failed");
  }
  state.SetItemsProcessed(state.iterations());
}

// Tracing on vs off, interleaved: each round sends `batch` requests to one server then the other
// (the order alternating), and the per-request mean of each batch is kept. Reports the median of
// each side and the median of the per-round ratios (traced / untraced): on a shared machine the
// two sequential benchmarks above drift apart by more than the effect.
void RunTracingInterleaved(int rounds) {
  struct Case {
    const char* label;
    HttpMethod method;
    const char* path;
    const std::string* body;
    int batch;
  };
  const std::string empty;
  for (const Case& c :
       {Case{"GET /health", HttpMethod::kGet, "/health", &empty, 400},
        Case{"POST /query/sql SELECT 1", HttpMethod::kPost, "/query/sql", &kSelect1, 100}}) {
    std::vector<double> off, on, ratios;
    for (int round = 0; round < rounds; ++round) {
      double mean[2] = {0, 0};
      for (int step = 0; step < 2; ++step) {
        const int traced = (step + round) % 2;
        HttpClient& client = traced ? *FTraced().client : *F().client;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < c.batch; ++i) {
          auto r = client.Send(c.method, c.path, *c.body);
          if (!r.ok() || r->status != 200) std::abort();
        }
        mean[traced] =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count() /
            c.batch;
      }
      off.push_back(mean[0]);
      on.push_back(mean[1]);
      ratios.push_back(mean[1] / mean[0]);
    }
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    std::printf(
        "tracing interleaved, %s, %d rounds x %d requests: off %.1f us, on %.1f us (medians); "
        "median per-round ratio on/off %.3f (overhead %+.1f %%)\n",
        c.label, rounds, c.batch, median(off), median(on), median(ratios),
        (median(ratios) - 1) * 100);
  }
  std::printf("OTLP export requests the collector received: %lld\n",
              static_cast<long long>(TracedServer().collector->exports.load()));
}

BENCHMARK(BM_HealthHttp)->UseRealTime();
BENCHMARK(BM_HealthHttpConcurrent)->Threads(16)->UseRealTime();
BENCHMARK(BM_HealthInProcess)->UseRealTime();
BENCHMARK(BM_Select1Http)->UseRealTime();
BENCHMARK(BM_Select1InProcess)->UseRealTime();
BENCHMARK(BM_HealthHttpTraced)->UseRealTime();
BENCHMARK(BM_Select1HttpTraced)->UseRealTime();

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) {
  lakehouse::InitLogging("warn", "text");
  lakehouse::F();  // start the servers before any benchmark thread needs them
  lakehouse::FTraced();
  int code = lakehouse::bench::RunAndReport(
      argc, argv,
      {{"/health: in-process handler vs over HTTP", "BM_HealthHttp", "BM_HealthInProcess"},
       {"SELECT 1: in-process handler vs over HTTP", "BM_Select1Http", "BM_Select1InProcess"},
       {"/health over HTTP: tracing on vs off", "BM_HealthHttpTraced", "BM_HealthHttp"},
       {"SELECT 1 over HTTP: tracing on vs off", "BM_Select1HttpTraced", "BM_Select1Http"}});
  const char* rounds = std::getenv("LH_BENCH_ROUNDS");
  lakehouse::RunTracingInterleaved(rounds != nullptr ? std::atoi(rounds) : 31);
  lakehouse::FixtureSlot().reset();  // stops the server and removes its temp data dir
  lakehouse::TracedServer().fixture.reset();
  lakehouse::TracedServer().collector.reset();
  return code;
}
