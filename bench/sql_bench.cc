// SQL over HTTP: a group-by aggregate over 1M orders and a 1M × 100K join (aggregated to a small
// result) through POST /query/sql, versus the same SQL on raw DuckDB over the same Parquet
// files (read_parquet) in the same run. The datasets are registered from Parquet objects PUT into
// the primary bucket from those files, so both sides scan identical bytes and the difference is
// our query path: catalog views, connection pool, result encoding and HTTP. The join runs once more
// with both datasets pinned in the hot cache, against the same join cold (reading Parquet).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "bench/bench_server.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "http/http_client.h"
#include "sql/database.h"

namespace lakehouse {
namespace {

constexpr int64_t kOrders = 1'000'000;

const char* kOrdersSelect = R"(
  SELECT range AS id,
         (hash(range) % 100000)::BIGINT AS customer_id,
         round((hash(range + 1) % 100000) / 100.0, 2) AS amount,
         DATE '2024-01-01' + (hash(range + 2) % 365)::INTEGER AS day
  FROM range(1000000))";
const char* kCustomersSelect = R"(
  SELECT range AS customer_id,
         ['DE','FR','US','JP','BR','IN','NG','AU'][(hash(range) % 8)::INTEGER + 1] AS country,
         'customer-' || range AS name
  FROM range(100000))";

// `orders` / `customers` are the dataset names on the server and placeholders for the baseline.
const char* kGroupBySql =
    "SELECT day, count(*) AS n, sum(amount) AS total, avg(amount) AS mean FROM {orders} "
    "GROUP BY day ORDER BY day";
const char* kJoinSql =
    "SELECT c.country, count(*) AS n, sum(o.amount) AS total FROM {orders} o "
    "JOIN {customers} c ON o.customer_id = c.customer_id GROUP BY c.country ORDER BY c.country";

std::string Substitute(std::string sql, const std::string& orders, const std::string& customers) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"{orders}", orders},
                          std::pair<std::string, std::string>{"{customers}", customers}}) {
    for (size_t at = sql.find(from); at != std::string::npos; at = sql.find(from))
      sql.replace(at, from.size(), to);
  }
  return sql;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using bench::Die;

struct Fixture {
  Fixture() {
    orders_file = (server.scratch() / "orders.parquet").string();
    customers_file = (server.scratch() / "customers.parquet").string();
    {
      Database db = std::move(Database::Open(DuckDbOptions{}).value());
      Connection conn = std::move(db.Connect().value());
      for (auto [select, path] :
           {std::pair{kOrdersSelect, orders_file}, std::pair{kCustomersSelect, customers_file}}) {
        Status s =
            conn.Execute("COPY (" + std::string(select) + ") TO '" + path + "' (FORMAT parquet)");
        if (!s.ok()) Die(s.ToString());
      }
    }
    Register("orders", orders_file);
    Register("customers", customers_file);
  }
  void Register(const std::string& name, const std::string& file) {
    std::string key = "raw/" + name + ".parquet";
    auto put = server.client().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/" + key,
                                    ReadAll(file), "application/octet-stream");
    if (!put.ok() || put->status != 201) Die("PUT " + key);
    server.Post("/catalog/datasets", {{"name", name}, {"files", {{{"key", key}}}}});
  }
  bench::BenchServer server{"sql-bench"};  // first: the inputs go into its scratch directory
  std::string orders_file, customers_file;
};

Fixture& F() {
  static Fixture* fixture = new Fixture();  // lives for the process; benchmarks share it
  return *fixture;
}

void RunHttp(benchmark::State& state, const char* sql) {
  const std::string body = DumpJson({{"sql", Substitute(sql, "orders", "customers")}});
  for (auto _ : state) {
    auto r = F().server.client().Send(HttpMethod::kPost, "/query/sql", body);
    if (!r.ok() || r->status != 200) {
      state.SkipWithError(r.ok() ? r->body.c_str() : r.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kOrders);
}

void RunDuckDb(benchmark::State& state, const char* sql) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  const std::string query = Substitute(sql, "read_parquet('" + F().orders_file + "')",
                                       "read_parquet('" + F().customers_file + "')");
  for (auto _ : state) {
    auto r = conn.Query(query);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    while (auto chunk = r->NextChunk()) benchmark::DoNotOptimize(chunk->size());
  }
  state.SetItemsProcessed(state.iterations() * kOrders);
}

// The join with both datasets pinned in the hot cache (in-memory DuckDB tables) against the same
// join over their Parquet files (BM_JoinHttp): what pinning buys.
void BM_JoinHttpPinned(benchmark::State& state) {
  for (const char* name : {"orders", "customers"}) {
    auto r = F().server.client().PostJson("/query/cache/pin", {{"dataset", name}});
    if (!r.ok() || r->status != 200) {
      state.SkipWithError(r.ok() ? r->body.c_str() : r.status().ToString().c_str());
      return;
    }
  }
  RunHttp(state, kJoinSql);
  for (const char* name : {"orders", "customers"}) {
    (void)F().server.client().PostJson("/query/cache/evict", {{"dataset", name}});
  }
}

// The floor for the pinned join: raw DuckDB over in-memory tables loaded from the same files.
void BM_JoinDuckDbTables(benchmark::State& state) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  for (auto [table, file] :
       {std::pair<std::string, std::string>{"orders", F().orders_file},
        std::pair<std::string, std::string>{"customers", F().customers_file}}) {
    Status s =
        conn.Execute("CREATE TABLE " + table + " AS SELECT * FROM read_parquet('" + file + "')");
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
  }
  const std::string query = Substitute(kJoinSql, "orders", "customers");
  for (auto _ : state) {
    auto r = conn.Query(query);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    while (auto chunk = r->NextChunk()) benchmark::DoNotOptimize(chunk->size());
  }
  state.SetItemsProcessed(state.iterations() * kOrders);
}

void BM_GroupByHttp(benchmark::State& state) { RunHttp(state, kGroupBySql); }
void BM_GroupByDuckDb(benchmark::State& state) { RunDuckDb(state, kGroupBySql); }
void BM_JoinHttp(benchmark::State& state) { RunHttp(state, kJoinSql); }
void BM_JoinDuckDb(benchmark::State& state) { RunDuckDb(state, kJoinSql); }

// The same pairs once more, alternating one HTTP query and one raw DuckDB query per round, so
// both sides see the same machine state (the figures above run one side for 5 s, then the
// other, and drift between them on a shared 2-core machine was as large as the difference).
// Prints the median of each side and their ratio.
void Interleaved(const char* label, const char* sql, int rounds) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  const std::string raw = Substitute(sql, "read_parquet('" + F().orders_file + "')",
                                     "read_parquet('" + F().customers_file + "')");
  const std::string body = DumpJson({{"sql", Substitute(sql, "orders", "customers")}});
  std::vector<double> http_ms, duck_ms;
  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  };
  for (int i = 0; i < rounds + 3; ++i) {  // 3 warm-up rounds
    auto t = Clock::now();
    auto r = F().server.client().Send(HttpMethod::kPost, "/query/sql", body);
    if (!r.ok() || r->status != 200) Die("interleaved HTTP query failed");
    const double h = ms_since(t);
    t = Clock::now();
    auto q = conn.Query(raw);
    if (!q.ok()) Die(q.status().ToString());
    while (auto chunk = q->NextChunk()) benchmark::DoNotOptimize(chunk->size());
    const double d = ms_since(t);
    if (i >= 3) {
      http_ms.push_back(h);
      duck_ms.push_back(d);
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double h = median(http_ms), d = median(duck_ms);
  std::printf("%-58s %9.2f ms %9.2f ms   %.3fx\n", label, h, d, d / h);
}

BENCHMARK(BM_GroupByHttp)->MinTime(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GroupByDuckDb)->MinTime(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JoinHttp)->MinTime(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JoinDuckDb)->MinTime(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JoinHttpPinned)->MinTime(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JoinDuckDbTables)->MinTime(5)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) {
  lakehouse::InitLogging("warn", "text");
  lakehouse::F();  // write the Parquet files and register the datasets outside the timed loops
  int rc = lakehouse::bench::RunAndReport(
      argc, argv,
      {{"group-by over 1M orders: HTTP vs DuckDB read_parquet", "BM_GroupByHttp",
        "BM_GroupByDuckDb"},
       {"1M x 100K join + aggregate: HTTP vs DuckDB", "BM_JoinHttp", "BM_JoinDuckDb"},
       {"1M x 100K join: pinned in the hot cache vs cold (Parquet)", "BM_JoinHttpPinned",
        "BM_JoinHttp"},
       {"1M x 100K join pinned: HTTP vs DuckDB in-memory tables", "BM_JoinHttpPinned",
        "BM_JoinDuckDbTables"}});
  std::printf("\ninterleaved, %d rounds (median per query)%24s HTTP    DuckDB       ratio\n", 200,
              "");
  lakehouse::Interleaved("group-by over 1M orders: HTTP vs DuckDB read_parquet",
                         lakehouse::kGroupBySql, 200);
  lakehouse::Interleaved("1M x 100K join + aggregate: HTTP vs DuckDB", lakehouse::kJoinSql, 200);
  delete &lakehouse::F();  // stops the server and removes the temp dir
  return rc;
}
