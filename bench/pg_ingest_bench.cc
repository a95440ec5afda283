// PostgreSQL ingest throughput: a 1,000,000-row × 10-column table (bigint, integer, numeric(12,2),
// double, text, varchar, date, timestamp, boolean, timestamptz) on a local PostgreSQL 15
// (tests/support/postgres_server) pulled through POST /ingest/db?wait=true on the in-process
// server, versus the baseline in the same run: `psql -c "\copy … to … csv header"` followed by
// POST /ingest/file of that CSV. Each iteration writes a fresh dataset.
//
// For the COPY format choice, the same table is also drained through PgCopyStream with nothing
// decoded, in binary, text and CSV format: what the server and the transport cost per format.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bench/bench_server.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "http/http_client.h"
#include "pg/pg_connection.h"
#include "pg/pg_copy_stream.h"
#include "tests/support/postgres_server.h"

namespace lakehouse {
namespace {

constexpr int64_t kRows = 1'000'000;

struct Fixture {
  Fixture() {
    Result<std::unique_ptr<testing::PostgresServer>> started = testing::PostgresServer::Start();
    if (!started.ok()) bench::Die("PostgreSQL: " + started.status().ToString());
    pg = std::move(started).value();
    Status seeded = pg->Execute(R"(
      CREATE TABLE orders AS
      SELECT g::bigint AS id,
             (g % 100000)::integer AS customer_id,
             round(((g::bigint * 7919) % 1000000) / 100.0, 2)::numeric(12,2) AS price,
             ((g::bigint * 104729) % 100000) / 7.0 AS weight,
             'item-' || (g % 5000) AS sku,
             (ARRAY['DE','FR','US','JP','BR','IN','NG','AU'])[g % 8 + 1]::varchar(2) AS country,
             DATE '2020-01-01' + (g % 2000) AS order_date,
             TIMESTAMP '2020-01-01' + g * INTERVAL '1 second' AS created_at,
             g % 2 = 0 AS is_gift,
             TIMESTAMPTZ '2020-01-01 00:00:00+00' + g * INTERVAL '1 minute' AS updated_at
      FROM generate_series(1, 1000000) g;
      ANALYZE orders;)");
    if (!seeded.ok()) bench::Die("seeding PostgreSQL: " + seeded.ToString());
  }
  // Declared first, destroyed last: the server stops before PostgreSQL does.
  std::unique_ptr<testing::PostgresServer> pg;
  bench::BenchServer server{"pg-bench"};
};

Fixture& F() {
  static Fixture* fixture = new Fixture();  // lives for the process; benchmarks share it
  return *fixture;
}

void BM_PgIngestHttp(benchmark::State& state) {
  int64_t n = 0;
  for (auto _ : state) {
    Json body = {
        {"dsn", F().pg->Dsn()}, {"table", "orders"}, {"dataset", "orders_" + std::to_string(n++)}};
    auto r = F().server.client().PostJson("/ingest/db?wait=true", body);
    if (!r.ok() || r->status != 200) {
      state.SkipWithError(r.ok() ? r->body.c_str() : r.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_PsqlCsvThenFileIngestBaseline(benchmark::State& state) {
  const std::string csv = (F().server.scratch() / "orders.csv").string();
  int64_t n = 0;
  for (auto _ : state) {
    std::string command =
        "psql '" + F().pg->Dsn() + "' -q -c \"\\copy orders to '" + csv + "' csv header\"";
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("psql \\copy failed");
      break;
    }
    std::vector<MultipartItem> items;
    items.push_back({"dataset", "csv_orders_" + std::to_string(n++), "", "", ""});
    items.push_back({"file", "", "orders.csv", "text/csv", csv});
    auto r = F().server.client().PostMultipart("/ingest/file", items);
    if (!r.ok() || r->status != 200) {
      state.SkipWithError(r.ok() ? r->body.c_str() : r.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

// COPY orders TO STDOUT in `format`, every message fetched and dropped.
void DrainCopy(benchmark::State& state, const std::string& format) {
  Result<PgDsn> dsn = PgDsn::Parse(F().pg->Dsn());
  Result<PgConnection> conn =
      dsn.ok() ? PgConnection::Connect(*dsn) : Result<PgConnection>(dsn.status());
  if (!conn.ok()) {
    state.SkipWithError(conn.status().ToString().c_str());
    return;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    Result<PgCopyStream> stream =
        PgCopyStream::Start(&*conn, "COPY orders TO STDOUT (FORMAT " + format + ")");
    if (!stream.ok()) {
      state.SkipWithError(stream.status().ToString().c_str());
      return;
    }
    while (true) {
      Result<std::optional<std::string_view>> message = stream->Next();
      if (!message.ok()) {
        state.SkipWithError(message.status().ToString().c_str());
        return;
      }
      if (!*message) break;
    }
    bytes += stream->bytes();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(bytes);
}

void BM_CopyDrainBinary(benchmark::State& state) { DrainCopy(state, "binary"); }
void BM_CopyDrainText(benchmark::State& state) { DrainCopy(state, "text"); }
void BM_CopyDrainCsv(benchmark::State& state) { DrainCopy(state, "csv"); }

BENCHMARK(BM_PgIngestHttp)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PsqlCsvThenFileIngestBaseline)
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_CopyDrainBinary)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CopyDrainText)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CopyDrainCsv)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) {
  lakehouse::InitLogging("warn", "text");
  lakehouse::F();  // start PostgreSQL, seed it and start the server outside the timed loops
  int rc = lakehouse::bench::RunAndReport(
      argc, argv,
      {{"1M rows x 10 columns from PostgreSQL: POST /ingest/db vs psql \\copy CSV + /ingest/file",
        "BM_PgIngestHttp", "BM_PsqlCsvThenFileIngestBaseline"},
       {"COPY drain only (no decode): binary vs text format", "BM_CopyDrainBinary",
        "BM_CopyDrainText"}});
  delete &lakehouse::F();  // stops both servers and removes the temp dir
  return rc;
}
