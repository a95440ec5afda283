// MySQL / MariaDB ingest throughput: a 1,000,000-row × 10-column table (BIGINT, INT,
// DECIMAL(12,2), DOUBLE, VARCHAR, CHAR(2), DATE, DATETIME, TINYINT(1), TIMESTAMP) on a local
// MariaDB 10.11 (tests/support/mariadb_server) pulled three ways in the same run:
//
//   BM_MysqlBareUseResultLoop  the baseline: Connector/C's mysql_use_result + mysql_fetch_row +
//                              mysql_fetch_lengths over `SELECT * FROM orders`, nothing decoded —
//                              the fastest any client can take rows off this server
//   BM_MysqlPullStaged         our pull: DbSource (use_result, every value decoded exactly) →
//                              DuckDB appender → staged zstd Parquet (db_stager.h)
//   BM_MysqlIngestHttp         POST /ingest/db?wait=true on the in-process server: the pull, the
//                              staging and the catalog commit
//
// Target: BM_MysqlPullStaged ≥ 0.8× the bare loop's rows/s (docs/PERFORMANCE.md).
#include <benchmark/benchmark.h>
#include <mysql.h>

#include <filesystem>

#include "bench/bench_server.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "ingest/db_source.h"
#include "ingest/db_stager.h"
#include "sql/database.h"
#include "tests/support/mariadb_server.h"

namespace lakehouse {
namespace {

constexpr int64_t kRows = 1'000'000;

struct Fixture {
  Fixture() {
    Result<std::unique_ptr<testing::MariadbServer>> started =
        testing::MariadbServer::Start({.innodb_buffer_pool = "512M"});
    if (!started.ok()) bench::Die("MariaDB: " + started.status().ToString());
    my = std::move(started).value();
    Status seeded = my->Execute(R"(
      SET time_zone = '+00:00';
      CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT, price DECIMAL(12,2),
        weight DOUBLE, sku VARCHAR(20), country CHAR(2), order_date DATE, created_at DATETIME,
        is_gift TINYINT(1), updated_at TIMESTAMP NULL) ENGINE=InnoDB;
      INSERT INTO orders
      SELECT seq, seq % 100000, ROUND(((seq * 7919) % 1000000) / 100.0, 2),
             ((seq * 104729) % 100000) / 7.0, CONCAT('item-', seq % 5000),
             ELT(seq % 8 + 1, 'DE','FR','US','JP','BR','IN','NG','AU'),
             DATE '2020-01-01' + INTERVAL (seq % 2000) DAY,
             TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq SECOND, seq % 2 = 0,
             TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq MINUTE
      FROM seq_1_to_1000000;
      ANALYZE TABLE orders;)");
    if (!seeded.ok()) bench::Die("seeding MariaDB: " + seeded.ToString());
  }
  // Declared first, destroyed last: the server stops before MariaDB does.
  std::unique_ptr<testing::MariadbServer> my;
  bench::BenchServer server{"mysql-bench"};
};

Fixture& F() {
  static Fixture* fixture = new Fixture();  // lives for the process; benchmarks share it
  return *fixture;
}

void BM_MysqlBareUseResultLoop(benchmark::State& state) {
  MYSQL* conn = mysql_init(nullptr);
  mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (mysql_real_connect(conn, "127.0.0.1", F().my->user().c_str(), F().my->password().c_str(),
                         "lh", static_cast<unsigned int>(F().my->port()), nullptr, 0) == nullptr) {
    state.SkipWithError(mysql_error(conn));
    mysql_close(conn);
    return;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string sql = "SELECT * FROM orders";
    if (mysql_real_query(conn, sql.data(), sql.size()) != 0) {
      state.SkipWithError(mysql_error(conn));
      break;
    }
    MYSQL_RES* result = mysql_use_result(conn);
    const unsigned int fields = mysql_num_fields(result);
    int64_t rows = 0;
    while (MYSQL_ROW row = mysql_fetch_row(result)) {
      const unsigned long* lengths = mysql_fetch_lengths(result);
      for (unsigned int i = 0; i < fields; ++i) bytes += row[i] == nullptr ? 0 : lengths[i];
      ++rows;
    }
    mysql_free_result(result);
    if (rows != kRows) {
      state.SkipWithError("short result");
      break;
    }
  }
  mysql_close(conn);
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(bytes);
}

void BM_MysqlPullStaged(benchmark::State& state) {
  Result<Database> db = Database::Open({});
  Result<Connection> duck = db.ok() ? db->Connect() : Result<Connection>(db.status());
  Result<DbDsn> dsn = DbDsn::Parse(F().my->Dsn());
  if (!duck.ok() || !dsn.ok()) {
    state.SkipWithError("setup failed");
    return;
  }
  DbStageOptions options;
  options.staging.staging_dir = (F().server.scratch() / "mysql-staged").string();
  for (auto _ : state) {
    Result<std::unique_ptr<DbSource>> source = OpenDbSource(*dsn, {.table = "orders"}, {});
    if (!source.ok()) {
      state.SkipWithError(source.status().ToString().c_str());
      break;
    }
    Result<std::vector<StagedFile>> files = StageDbPull(*duck, **source, "orders", options, {});
    if (!files.ok() || !(*source)->Finish().ok()) {
      state.SkipWithError(files.ok() ? "finish failed" : files.status().ToString().c_str());
      break;
    }
    int64_t rows = 0;
    for (const StagedFile& f : *files) rows += f.row_count;
    if (rows != kRows) state.SkipWithError("short pull");
    state.PauseTiming();
    std::filesystem::remove_all(options.staging.staging_dir);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_MysqlIngestHttp(benchmark::State& state) {
  int64_t n = 0;
  for (auto _ : state) {
    Json body = {
        {"dsn", F().my->Dsn()}, {"table", "orders"}, {"dataset", "orders_" + std::to_string(n++)}};
    auto r = F().server.client().PostJson("/ingest/db?wait=true", body);
    if (!r.ok() || r->status != 200) {
      state.SkipWithError(r.ok() ? r->body.c_str() : r.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

BENCHMARK(BM_MysqlBareUseResultLoop)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MysqlPullStaged)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MysqlIngestHttp)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) {
  lakehouse::InitLogging("warn", "text");
  lakehouse::F();  // start MariaDB, seed it and start the server outside the timed loops
  int rc = lakehouse::bench::RunAndReport(
      argc, argv,
      {{"1M rows x 10 columns from MariaDB: our pull (decoded, staged as Parquet) vs a bare "
        "mysql_use_result loop (target >= 0.8)",
        "BM_MysqlPullStaged", "BM_MysqlBareUseResultLoop"},
       {"1M rows from MariaDB: POST /ingest/db (pull + commit) vs a bare mysql_use_result loop",
        "BM_MysqlIngestHttp", "BM_MysqlBareUseResultLoop"}});
  delete &lakehouse::F();  // stops both servers and removes the temp dir
  return rc;
}
