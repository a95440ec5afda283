// The MySQL DbSource against a real MariaDB (tests/support/mariadb_server.h) and an in-memory
// DuckDB: a 1M-row pull streams (mysql_use_result) so this process's peak memory grows by far
// less than the rows' size; an aborted pull does not drain the rest of the result; a DSN without
// a password takes it from the password file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "ingest/db_source.h"
#include "ingest/db_stager.h"
#include "mysql/mysql_password_file.h"
#include "sql/database.h"
#include "tests/support/mariadb_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using testing::MariadbServer;

// VmHWM (peak resident set) of this process in KiB.
int64_t PeakRssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

// Resets VmHWM to the current RSS (Linux ≥ 4.0).
bool ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  return static_cast<bool>(clear);
}

class MysqlSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto my = MariadbServer::Start();
    ASSERT_TRUE(my.ok()) << my.status().ToString();
    my_ = std::move(*my).release();
    // 1M rows x ~500 bytes: half a gigabyte if the result were held in memory.
    ASSERT_TRUE(my_->Execute("CREATE TABLE big AS SELECT seq AS id, REPEAT(CHAR(65 + seq % 26), "
                             "490) AS pad FROM seq_1_to_1000000")
                    .ok());
  }
  static void TearDownTestSuite() {
    delete my_;
    my_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(my_, nullptr);
    // DuckDB's own share is capped like the server caps it, so what grows beyond it is the pull.
    DuckDbOptions duckdb;
    duckdb.memory_limit = "100MB";
    duckdb.threads = 1;
    auto db = Database::Open(duckdb);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::make_unique<Database>(std::move(*db));
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.ok());
    duck_ = std::make_unique<Connection>(std::move(*conn));
    options_.staging.staging_dir = dir_.Join("staging");
    options_.batch_rows = 50'000;
    options_.rows_per_file = 100'000;
  }

  std::unique_ptr<DbSource> Open(const std::string& dsn, DbPullSpec spec,
                                 DbConnectOptions connect = {}) {
    auto parsed = DbDsn::Parse(dsn);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return nullptr;
    auto source = OpenDbSource(*parsed, spec, connect);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? std::move(*source) : nullptr;
  }

  static MariadbServer* my_;
  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> duck_;
  DbStageOptions options_;
};

MariadbServer* MysqlSourceTest::my_ = nullptr;

TEST_F(MysqlSourceTest, MillionRowPullStreamsWithBoundedMemory) {
  std::unique_ptr<DbSource> source = Open(my_->Dsn(), {.table = "big"});
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(ResetPeakRss());
  const int64_t before = PeakRssKib();
  auto files = StageDbPull(*duck_, *source, "big", options_, {});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  const int64_t growth_mib = (PeakRssKib() - before) / 1024;
  ASSERT_TRUE(source->Finish().ok());
  EXPECT_EQ(files->size(), 10u);
  int64_t rows = 0;
  for (const StagedFile& f : *files) rows += f.row_count;
  EXPECT_EQ(rows, 1'000'000);
  // The rows are ~500 MB; what may be resident at once is one row from the socket plus DuckDB's
  // memory_limit (100 MB: the scratch table of one staged file, ~50 MB, and the Parquet writer's
  // buffers) and allocator slack. Measured: ≈ 130 MiB.
  EXPECT_LT(growth_mib, 200) << "peak RSS grew by " << growth_mib << " MiB";
  std::cout << "[ mysql pull ] 1M rows, peak RSS growth " << growth_mib << " MiB\n";
}

TEST_F(MysqlSourceTest, AbortDoesNotDrainTheResult) {
  std::unique_ptr<DbSource> source = Open(my_->Dsn(), {.table = "big"});
  ASSERT_NE(source, nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto files =
      StageDbPull(*duck_, *source, "big", options_, [](int64_t rows) { return rows < 100'000; });
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kCancelled) << files.status().ToString();
  source.reset();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  EXPECT_FALSE(std::filesystem::exists(options_.staging.staging_dir) &&
               !std::filesystem::is_empty(options_.staging.staging_dir));
  std::cout << "[ mysql pull ] cancelled after 100k rows in " << ms << " ms\n";
  // The server side ends too: no connection of the user keeps streaming.
  std::string left = "?";
  for (int i = 0; i < 100 && left != "0"; ++i) {
    left = my_->QueryValue(
                  "SELECT count(*) FROM information_schema.processlist WHERE user = "
                  "'lakehouse'")
               .value_or("?");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(left, "0");
}

TEST_F(MysqlSourceTest, PasswordFileSuppliesAMissingPassword) {
  const std::string file = dir_.Join("mypass");
  std::string escaped;
  for (char ch : my_->password()) {
    if (ch == ':' || ch == '\\') escaped += '\\';
    escaped += ch;
  }
  {
    std::ofstream out(file);
    out << "# comment\nother:1:*:*:nope\n127.0.0.1:" << my_->port() << ":lh:" << my_->user() << ":"
        << escaped << "\n";
  }
  chmod(file.c_str(), 0600);
  auto dsn = MysqlDsn::Parse(my_->NoPasswordDsn());
  ASSERT_TRUE(dsn.ok());
  EXPECT_EQ(LookUpMysqlPassword(file, *dsn), my_->password());
  std::unique_ptr<DbSource> source = Open(my_->NoPasswordDsn(), {.query = "SELECT 1 AS one"},
                                          DbConnectOptions{.mysql_password_file = file});
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->columns().at(0).staged_type, "INTEGER");
  // A file others can read is not used.
  chmod(file.c_str(), 0644);
  EXPECT_EQ(LookUpMysqlPassword(file, *dsn), std::nullopt);
}

}  // namespace
}  // namespace lakehouse
