// MySQL / MariaDB ingest throughput: a 1,000,000-row × 10-column table (BIGINT, INT,
// DECIMAL(12,2), DOUBLE, VARCHAR, CHAR(2), DATE, DATETIME, TINYINT(1), TIMESTAMP) on a local
// MariaDB 10.11 (tests/support/mariadb_server) pulled three ways in the same run:
//
//   BM_MysqlBareUseResultLoop  the baseline: Connector/C's mysql_use_result + mysql_fetch_row +
//                              mysql_fetch_lengths over `SELECT * FROM orders`, nothing decoded —
//                              the fastest any client can take rows off this server
//   BM_MysqlPullStaged         our pull: DbSource (use_result, every value decoded exactly) →
//                              DuckDB data chunks → a COPY to zstd Parquet reading them on a
//                              second thread as they fill (db_stager.h, sql/chunk_stream.h)
//   BM_MysqlIngestHttp         POST /ingest/db?wait=true on the in-process server: the pull, the
//                              staging and the catalog commit
//
// Then the same round by round, interleaved (LH_BENCH_ROUNDS rounds, medians): the bare loop, the
// bare loop over our pull's exact statements (session, snapshot transaction, derived-table
// SELECT), our decode into a DuckDB table (no Parquet) and our staged pull, each with its wall
// time, this process's CPU and mariadbd's CPU (/proc), the last two independent of the load.
//
// Target: BM_MysqlPullStaged ≥ 0.8× the bare loop's rows/s (docs/PERFORMANCE.md).
#include <benchmark/benchmark.h>
#include <mysql.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/bench_server.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "common/strings.h"
#include "ingest/db_source.h"
#include "ingest/db_stager.h"
#include "sql/chunk_appender.h"
#include "sql/database.h"
#include "sql/sql_literal.h"
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

// One bare client read of the whole table; returns the rows read (adds the value bytes).
Result<int64_t> BareLoop(MYSQL* conn, int64_t* bytes) {
  const std::string sql = "SELECT * FROM orders";
  if (mysql_real_query(conn, sql.data(), sql.size()) != 0) return Internal(mysql_error(conn));
  MYSQL_RES* result = mysql_use_result(conn);
  if (result == nullptr) return Internal(mysql_error(conn));
  const unsigned int fields = mysql_num_fields(result);
  int64_t rows = 0;
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    const unsigned long* lengths = mysql_fetch_lengths(result);
    for (unsigned int i = 0; i < fields; ++i) *bytes += row[i] == nullptr ? 0 : lengths[i];
    ++rows;
  }
  mysql_free_result(result);
  return rows;
}

// The bare loop over our pull's exact statements: its session (time zone), its consistent-snapshot
// read-only transaction and its SELECT over the source as a derived table. What it costs beyond
// the bare loop is the server's price of our query's shape, not our client's.
Result<int64_t> BareLoopOurSql(MYSQL* conn, int64_t* bytes) {
  for (const char* sql :
       {"SET time_zone = '+00:00'", "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"}) {
    if (mysql_query(conn, sql) != 0) return Internal(mysql_error(conn));
  }
  std::string select;
  for (const char* c : {"id", "customer_id", "price", "weight", "sku", "country", "order_date",
                        "created_at", "is_gift", "updated_at"}) {
    select += StrCat(select.empty() ? "" : ", ", "s.`", c, "` AS `", c, "`");
  }
  const std::string sql = "SELECT " + select + " FROM (SELECT * FROM `orders`) AS s";
  if (mysql_real_query(conn, sql.data(), sql.size()) != 0) return Internal(mysql_error(conn));
  MYSQL_RES* result = mysql_use_result(conn);
  if (result == nullptr) return Internal(mysql_error(conn));
  const unsigned int fields = mysql_num_fields(result);
  int64_t rows = 0;
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    const unsigned long* lengths = mysql_fetch_lengths(result);
    for (unsigned int i = 0; i < fields; ++i) *bytes += row[i] == nullptr ? 0 : lengths[i];
    ++rows;
  }
  mysql_free_result(result);
  if (mysql_query(conn, "COMMIT") != 0) return Internal(mysql_error(conn));
  return rows;
}

MYSQL* ConnectBare() {
  MYSQL* conn = mysql_init(nullptr);
  mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (mysql_real_connect(conn, "127.0.0.1", F().my->user().c_str(), F().my->password().c_str(),
                         "lh", static_cast<unsigned int>(F().my->port()), nullptr, 0) == nullptr) {
    bench::Die(std::string("bare connect: ") + mysql_error(conn));
  }
  return conn;
}

// Our pull of the whole table staged as Parquet under `dir` (removed afterwards); returns rows.
Result<int64_t> OurPull(Connection& duck, const std::string& dir) {
  LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(F().my->Dsn()));
  DbStageOptions options;
  options.staging.staging_dir = dir;
  LH_ASSIGN_OR_RETURN(std::unique_ptr<DbSource> source, OpenDbSource(dsn, {.table = "orders"}, {}));
  LH_ASSIGN_OR_RETURN(std::vector<StagedFile> files,
                      StageDbPull(duck, *source, "orders", options, {}));
  LH_RETURN_IF_ERROR(source->Finish());
  int64_t rows = 0;
  for (const StagedFile& f : files) rows += f.row_count;
  std::filesystem::remove_all(dir);
  return rows;
}

// Our pull decoded into a DuckDB table, without the Parquet write: where the staging time goes.
Result<int64_t> OurDecodeOnly(Connection& duck) {
  LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(F().my->Dsn()));
  LH_ASSIGN_OR_RETURN(std::unique_ptr<DbSource> source, OpenDbSource(dsn, {.table = "orders"}, {}));
  std::string columns;
  for (const DbColumn& c : source->columns()) {
    columns += (columns.empty() ? "" : ", ") + SqlIdentifier(c.name) + " " + c.staged_type;
  }
  LH_RETURN_IF_ERROR(duck.Execute("CREATE OR REPLACE TEMP TABLE decoded (" + columns + ")"));
  LH_ASSIGN_OR_RETURN(Appender appender, duck.CreateAppender("decoded"));
  LH_ASSIGN_OR_RETURN(ChunkAppender rows, ChunkAppender::Create(std::move(appender)));
  int64_t total = 0;
  while (true) {
    LH_ASSIGN_OR_RETURN(int64_t n, source->AppendRows(rows, 100'000));
    if (n == 0) break;
    total += n;
  }
  LH_RETURN_IF_ERROR(rows.Close());
  LH_RETURN_IF_ERROR(source->Finish());
  LH_RETURN_IF_ERROR(duck.Execute("DROP TABLE decoded"));
  return total;
}

Connection& Duck() {
  static Database* db = new Database(std::move(Database::Open({}).value()));
  static Connection* conn = new Connection(std::move(db->Connect().value()));
  return *conn;
}

void BM_MysqlBareUseResultLoop(benchmark::State& state) {
  MYSQL* conn = ConnectBare();
  int64_t bytes = 0;
  for (auto _ : state) {
    Result<int64_t> rows = BareLoop(conn, &bytes);
    if (!rows.ok() || *rows != kRows) {
      state.SkipWithError(rows.ok() ? "short result" : rows.status().ToString().c_str());
      break;
    }
  }
  mysql_close(conn);
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(bytes);
}

void BM_MysqlPullStaged(benchmark::State& state) {
  const std::string dir = (F().server.scratch() / "mysql-staged").string();
  for (auto _ : state) {
    Result<int64_t> rows = OurPull(Duck(), dir);
    if (!rows.ok() || *rows != kRows) {
      state.SkipWithError(rows.ok() ? "short pull" : rows.status().ToString().c_str());
      break;
    }
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

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// mariadbd's CPU time (user + system, all its threads) from /proc.
double ServerCpuSeconds() {
  std::ifstream in("/proc/" + std::to_string(F().my->pid()) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The bare loop, the bare loop over our statements, our decode into DuckDB (no Parquet) and our
// whole staged pull, interleaved round by round (the order rotating), medians: on a shared machine
// the sequential loops above drift apart by as much as the gap. With each side's CPU time in this
// process (every thread, DuckDB's too) and in mariadbd, which the load does not distort.
void RunInterleaved(int rounds) {
  MYSQL* bare = ConnectBare();
  MYSQL* bare_ours = ConnectBare();
  const std::string dir = (F().server.scratch() / "mysql-interleaved").string();
  constexpr int kSides = 4;
  const char* const names[kSides] = {"bare loop", "bare loop, our SQL", "our decode into DuckDB",
                                     "our staged pull"};
  std::vector<double> times[kSides];
  std::vector<double> cpu[kSides];
  std::vector<double> server_cpu[kSides];
  for (int round = 0; round < rounds; ++round) {
    for (int step = 0; step < kSides; ++step) {
      const int side = (step + round) % kSides;
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = ProcessCpuSeconds();
      const double server_start = ServerCpuSeconds();
      int64_t bytes = 0;
      Result<int64_t> rows = side == 0   ? BareLoop(bare, &bytes)
                             : side == 1 ? BareLoopOurSql(bare_ours, &bytes)
                             : side == 2 ? OurDecodeOnly(Duck())
                                         : OurPull(Duck(), dir);
      if (!rows.ok() || *rows != kRows) {
        bench::Die("interleaved: " + (rows.ok() ? std::string("short") : rows.status().ToString()));
      }
      times[side].push_back(bench::SecondsSince(start));
      cpu[side].push_back(ProcessCpuSeconds() - cpu_start);
      server_cpu[side].push_back(ServerCpuSeconds() - server_start);
    }
  }
  mysql_close(bare);
  mysql_close(bare_ours);
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double b = median(times[0]);
  std::printf(
      "interleaved, %d rounds, medians (wall | vs bare loop | rows/s | client CPU | "
      "mariadbd CPU):\n",
      rounds);
  for (int side = 0; side < kSides; ++side) {
    const double t = median(times[side]);
    std::printf("  %-24s %6.0f ms | %.3fx | %4.0fK rows/s | %4.0f ms | %4.0f ms\n", names[side],
                t * 1000, b / t, kRows / t / 1000, median(cpu[side]) * 1000,
                median(server_cpu[side]) * 1000);
  }
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
  const char* rounds = std::getenv("LH_BENCH_ROUNDS");
  lakehouse::RunInterleaved(rounds != nullptr ? std::atoi(rounds) : 7);
  delete &lakehouse::F();  // stops both servers and removes the temp dir
  return rc;
}
