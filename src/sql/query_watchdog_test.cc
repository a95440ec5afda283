// Cancellation: Connection::Interrupt from another thread, and timeouts via QueryWatchdog.
#include "sql/query_watchdog.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sql/connection_pool.h"
#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::SqlTest;
using QueryWatchdogTest = SqlTest;

// Minutes of work for DuckDB unless it is stopped.
constexpr char kLongQuery[] =
    "SELECT sum(a.i * b.i) FROM range(100000000) a(i), range(100000000) b(i)";

TEST_F(QueryWatchdogTest, InterruptFromAnotherThreadCancelsWithinASecond) {
  std::thread interrupter([this] {
    std::this_thread::sleep_for(milliseconds(200));
    conn_->Interrupt();
  });
  auto start = steady_clock::now();
  Result<QueryResult> result = conn_->Query(kLongQuery);
  auto elapsed = steady_clock::now() - start;
  interrupter.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled) << result.status().ToString();
  EXPECT_LT(elapsed, milliseconds(1200));
  EXPECT_EQ(Row("SELECT 1"), Json::parse("[1]"));  // the connection stays usable
}

TEST_F(QueryWatchdogTest, InterruptWhileIdleDoesNotCancelTheNextQuery) {
  conn_->Interrupt();
  EXPECT_EQ(Row("SELECT 1"), Json::parse("[1]"));
}

TEST_F(QueryWatchdogTest, TimeoutReportsDeadlineExceeded) {
  QueryWatchdog watchdog;
  auto start = steady_clock::now();
  Result<QueryResult> result = watchdog.Query(*conn_, kLongQuery, milliseconds(200));
  auto elapsed = steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded) << result.status().ToString();
  EXPECT_EQ(result.status().message(), "query exceeded its timeout of 200 ms and was cancelled");
  EXPECT_GE(elapsed, milliseconds(200));
  EXPECT_LT(elapsed, milliseconds(1200));
  // Neither the connection nor the watchdog keeps a stale interrupt around.
  LH_ASSERT_OK_AND_ASSIGN(QueryResult next, watchdog.Query(*conn_, "SELECT 2", milliseconds(5000)));
  EXPECT_EQ(next.FetchScalar(), 2);
}

TEST_F(QueryWatchdogTest, ClientGoneCancelsAndIsCounted) {
  QueryWatchdog watchdog;
  const auto start = steady_clock::now();
  std::function<bool()> gone = [start] { return steady_clock::now() - start > milliseconds(300); };
  Result<QueryResult> result = watchdog.Run(
      *conn_, milliseconds(60'000), [this] { return conn_->Query(kLongQuery); }, gone);
  const auto elapsed = steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled) << result.status().ToString();
  EXPECT_NE(result.status().message().find("client disconnected"), std::string::npos);
  EXPECT_GE(elapsed, milliseconds(300));
  EXPECT_LT(elapsed, milliseconds(1500));
  EXPECT_EQ(watchdog.disconnect_interrupts(), 1);
  // A client that stays is never interrupted, and a fast query never polls it.
  int checks = 0;
  std::function<bool()> present = [&checks] { return ++checks, false; };
  const auto fast_start = steady_clock::now();
  LH_ASSERT_OK_AND_ASSIGN(
      QueryResult next,
      watchdog.Run(
          *conn_, milliseconds(5000), [this] { return conn_->Query("SELECT 2"); }, present));
  const auto fast_elapsed = steady_clock::now() - fast_start;
  EXPECT_EQ(next.FetchScalar(), 2);
  // The first check comes 50 ms in, then one per 100 ms: on a loaded machine even SELECT 2 can
  // outlast the first, so the bound follows the time it took.
  EXPECT_LE(checks, 1 + fast_elapsed / milliseconds(50));
  if (fast_elapsed < milliseconds(40)) {
    EXPECT_EQ(checks, 0);
  }
  EXPECT_EQ(watchdog.disconnect_interrupts(), 1);
}

TEST_F(QueryWatchdogTest, FastQueriesAndErrorsPassThrough) {
  QueryWatchdog watchdog;
  for (int i = 0; i < 50; ++i) {
    LH_ASSERT_OK_AND_ASSIGN(QueryResult ok, watchdog.Query(*conn_, "SELECT 1", milliseconds(5000)));
    EXPECT_EQ(ok.FetchScalar(), 1);
  }
  Result<QueryResult> bad = watchdog.Query(*conn_, "SELEC 1", milliseconds(5000));
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(QueryWatchdogTest, ZeroTimeoutStillCancelsALongQuery) {
  QueryWatchdog watchdog;
  Result<QueryResult> result = watchdog.Query(*conn_, kLongQuery, milliseconds(0));
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded) << result.status().ToString();
}

TEST(QueryWatchdogPoolTest, TimeoutsOnConcurrentPooledConnections) {
  LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(DuckDbOptions{}));
  LH_ASSERT_OK_AND_ASSIGN(auto pool, ConnectionPool::Create(db, 4));
  QueryWatchdog watchdog;
  std::vector<std::thread> threads;
  std::atomic<int> deadline_exceeded{0};
  std::atomic<int> fast_ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto lease = pool->Acquire(milliseconds(10'000));
      if (!lease.ok()) return;
      if (t % 2 == 0) {
        auto r = watchdog.Query(**lease, kLongQuery, milliseconds(100 + 20 * t));
        if (r.status().code() == StatusCode::kDeadlineExceeded) ++deadline_exceeded;
      } else {
        auto r = watchdog.Query(**lease, "SELECT 42", milliseconds(10'000));
        if (r.ok() && r->FetchScalar() == 42) ++fast_ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(deadline_exceeded.load(), 4);
  EXPECT_EQ(fast_ok.load(), 4);
}

TEST(QueryTimeoutTest, EffectiveTimeoutUsesDefaultAndCap) {
  DuckDbOptions options;
  options.query_timeout_ms = 30'000;
  options.max_query_timeout_ms = 600'000;
  EXPECT_EQ(EffectiveQueryTimeout(options, std::nullopt), milliseconds(30'000));
  EXPECT_EQ(EffectiveQueryTimeout(options, 0), milliseconds(30'000));
  EXPECT_EQ(EffectiveQueryTimeout(options, 1'500), milliseconds(1'500));
  EXPECT_EQ(EffectiveQueryTimeout(options, 10'000'000), milliseconds(600'000));
}

}  // namespace
}  // namespace lakehouse
