// The cost of governance logging, each side measured against a server with it off in the same
// run and process:
// - the audit log on the read path: POST /query/sql throughput with 16 keep-alive clients (issue
//   20: ≤ 5 % slower). The statement is `SELECT 1`, the worst case: the cheaper the query, the
//   larger the audit's share of it.
// - the event journal on the keyed ingest path: an upsert of 10,000 rows (half of them changed)
//   into a keyed dataset of 100,000 rows, with the journal computing old vs new values, against
//   journal.enabled = 0.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "bench/bench_support.h"
#include "common/logging.h"
#include "http/http_client.h"
#include "server/lakehouse_server.h"

namespace lakehouse {
namespace {

struct Server {
  explicit Server(bool on) {
    dir = std::filesystem::temp_directory_path() /
          ("lakehouse-audit-bench-" + std::to_string(getpid()) + (on ? "-on" : "-off"));
    Config config;
    config.data_dir = dir.string();
    config.server.port = 0;
    config.audit.enabled = on ? 1 : 0;
    config.journal.enabled = on ? 1 : 0;
    server = std::move(LakehouseServer::Create(config).value());
    if (!server->Start().ok()) std::abort();
  }
  ~Server() {
    server->Stop(std::chrono::milliseconds(2000));
    server.reset();
    std::filesystem::remove_all(dir);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
  std::filesystem::path dir;
  std::unique_ptr<LakehouseServer> server;
};

std::unique_ptr<Server>& On() {
  static std::unique_ptr<Server> s;
  return s;
}
std::unique_ptr<Server>& Off() {
  static std::unique_ptr<Server> s;
  return s;
}

const std::string kSelect1 = R"({"sql": "SELECT 1 AS one"})";

void RunSql(benchmark::State& state, const Server& server) {
  auto client = HttpClient::Create(server.url());
  if (!client.ok()) {
    state.SkipWithError("no client");
    return;
  }
  for (auto _ : state) {
    auto r = (*client)->Send(HttpMethod::kPost, "/query/sql", kSelect1);
    if (!r.ok() || r->status != 200) state.SkipWithError("query failed");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_SqlAuditOn(benchmark::State& state) { RunSql(state, *On()); }
void BM_SqlAuditOff(benchmark::State& state) { RunSql(state, *Off()); }

// id,name,score: rows [from, to); `round` changes the name of every other row.
std::string PeopleCsv(int from, int to, int round) {
  std::string csv = "id,name,score\n";
  for (int i = from; i < to; ++i) {
    csv += std::to_string(i) + ",name-" + std::to_string(i % 2 == 0 ? i + round : i) + "," +
           std::to_string(i % 97) + "\n";
  }
  return csv;
}

Status Upsert(HttpClient& client, const std::string& csv, const std::string& name) {
  std::vector<MultipartItem> items = {{"dataset", "people", "", "", ""},
                                      {"key", "id", "", "", ""},
                                      {"mode", "upsert", "", "", ""},
                                      {"file", csv, name, "text/csv", ""}};
  LH_ASSIGN_OR_RETURN(ClientResponse r, client.PostMultipart("/ingest/file", items));
  if (r.status != 200) return Internal("ingest answered ", std::to_string(r.status), ": ", r.body);
  return Status::Ok();
}

void RunUpserts(benchmark::State& state, const Server& server) {
  auto client = HttpClient::Create(server.url());
  static int round = 0;
  for (auto _ : state) {
    ++round;
    Status s = Upsert(**client, PeopleCsv(0, 10'000, round), "u" + std::to_string(round) + ".csv");
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
}

void BM_KeyedUpsertJournalOn(benchmark::State& state) { RunUpserts(state, *On()); }
void BM_KeyedUpsertJournalOff(benchmark::State& state) { RunUpserts(state, *Off()); }

BENCHMARK(BM_SqlAuditOff)->Threads(16)->UseRealTime();
BENCHMARK(BM_SqlAuditOn)->Threads(16)->UseRealTime();
BENCHMARK(BM_KeyedUpsertJournalOff)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KeyedUpsertJournalOn)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

int Main(int argc, char** argv) {
  InitLogging("warn", "text");
  On() = std::make_unique<Server>(true);
  Off() = std::make_unique<Server>(false);
  for (auto* server : {On().get(), Off().get()}) {
    auto client = HttpClient::Create(server->url());
    Status s = Upsert(**client, PeopleCsv(0, 100'000, 0), "base.csv");
    if (!s.ok()) {
      std::fprintf(stderr, "base ingest failed: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  int code = bench::RunAndReport(
      argc, argv,
      {{"/query/sql SELECT 1, 16 clients: audit on vs off", "BM_SqlAuditOn", "BM_SqlAuditOff"},
       {"keyed upsert 10K into 100K: journal on vs off", "BM_KeyedUpsertJournalOn",
        "BM_KeyedUpsertJournalOff"}});
  On().reset();
  Off().reset();
  return code;
}

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) { return lakehouse::Main(argc, argv); }
