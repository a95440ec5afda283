// ConnectionPool: leases, exhaustion timeouts, and safety under concurrent use.
#include "sql/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class ConnectionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(DuckDbOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
  }
  std::unique_ptr<ConnectionPool> MakePool(int size) {
    auto pool = ConnectionPool::Create(*db_, size);
    EXPECT_TRUE(pool.ok()) << pool.status().ToString();
    return pool.ok() ? std::move(pool).value() : nullptr;
  }
  std::optional<Database> db_;
};

TEST_F(ConnectionPoolTest, RejectsEmptyPool) {
  EXPECT_EQ(ConnectionPool::Create(*db_, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ConnectionPoolTest, LeaseReturnsConnectionOnDestruction) {
  auto pool = MakePool(2);
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->available(), 2);
  {
    LH_ASSERT_OK_AND_ASSIGN(ConnectionLease lease, pool->Acquire(milliseconds(0)));
    EXPECT_EQ(pool->available(), 1);
    LH_ASSERT_OK_AND_ASSIGN(QueryResult result, lease->Query("SELECT 7"));
    EXPECT_EQ(result.FetchScalar(), 7);
    ConnectionLease moved = std::move(lease);
    EXPECT_EQ(pool->available(), 1);
    LH_ASSERT_OK(moved->Execute("SELECT 1"));
  }
  EXPECT_EQ(pool->available(), 2);
}

TEST_F(ConnectionPoolTest, ExhaustionTimesOutWithResourceExhausted) {
  auto pool = MakePool(2);
  ASSERT_NE(pool, nullptr);
  LH_ASSERT_OK_AND_ASSIGN(ConnectionLease a, pool->Acquire(milliseconds(0)));
  LH_ASSERT_OK_AND_ASSIGN(ConnectionLease b, pool->Acquire(milliseconds(0)));
  auto start = steady_clock::now();
  Result<ConnectionLease> c = pool->Acquire(milliseconds(100));
  auto waited = steady_clock::now() - start;
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(c.status().message(),
            "all 2 DuckDB connections are busy; none became free within 100 ms");
  EXPECT_GE(waited, milliseconds(100));
  EXPECT_LT(waited, milliseconds(1000));
  EXPECT_EQ(pool->Acquire(milliseconds(0)).status().code(), StatusCode::kResourceExhausted);
}

TEST_F(ConnectionPoolTest, WaiterGetsConnectionWhenOneIsReturned) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto held = pool->Acquire(milliseconds(0));
  ASSERT_TRUE(held.ok());
  std::thread releaser([&] {
    std::this_thread::sleep_for(milliseconds(50));
    ConnectionLease dropped = std::move(held).value();
  });
  Result<ConnectionLease> waited = pool->Acquire(milliseconds(5000));
  releaser.join();
  EXPECT_TRUE(waited.ok()) << waited.status().ToString();
}

TEST_F(ConnectionPoolTest, SafeUnderConcurrentUseFromEightThreads) {
  auto pool = MakePool(4);
  ASSERT_NE(pool, nullptr);
  {
    LH_ASSERT_OK_AND_ASSIGN(ConnectionLease lease, pool->Acquire(milliseconds(0)));
    LH_ASSERT_OK(lease->Execute("CREATE TABLE hits (thread INTEGER, n INTEGER)"));
  }
  constexpr int kThreads = 8;
  constexpr int kIterations = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kIterations; ++n) {
        auto lease = pool->Acquire(milliseconds(10'000));
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        auto sum =
            (*lease)->Query("SELECT sum(i) FROM range(" + std::to_string(1000 + n) + ") t(i)");
        int64_t expected = int64_t{1000 + n} * (999 + n) / 2;
        if (!sum.ok() || sum->FetchScalar() != expected) ++failures;
        auto insert = (*lease)->Prepare("INSERT INTO hits VALUES ($1, $2)");
        if (!insert.ok() || !insert->Execute(Json::array({t, n})).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(pool->available(), 4);
  LH_ASSERT_OK_AND_ASSIGN(ConnectionLease lease, pool->Acquire(milliseconds(0)));
  LH_ASSERT_OK_AND_ASSIGN(QueryResult count,
                          lease->Query("SELECT count(*), count(DISTINCT (thread, n)) FROM hits"));
  EXPECT_EQ(ResultToJson(count)["rows"],
            Json::array({Json::array({kThreads * kIterations, kThreads * kIterations})}));
}

}  // namespace
}  // namespace lakehouse
