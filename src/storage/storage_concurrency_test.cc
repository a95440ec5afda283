// Concurrency: many threads on one store and one registry. Run under TSan as well
// (CMakePresets.json) before changing any locking.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/local_object_store.h"
#include "storage/storage_service.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 60;

// A value that is recognisably whole: one repeated letter, with a length that depends on it.
std::string ValueFor(int thread, int round) {
  return std::string(1000 + 7919 * ((thread + round) % 13), static_cast<char>('a' + thread));
}

bool IsWholeValue(const std::string& value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (c != value[0]) return false;
  }
  const int thread = value[0] - 'a';
  for (int round = 0; round < 13; ++round) {
    if (value == ValueFor(thread, round)) return true;
  }
  return false;
}

TEST(StorageConcurrencyTest, PutsAndGetsOnDistinctAndSharedKeysNeverTear) {
  ScopedTempDir dir;
  auto opened = LocalObjectStore::Open("conc", dir.Sub("root"));
  ASSERT_TRUE(opened.ok());
  std::shared_ptr<ObjectStore> store(std::move(opened).value());
  ASSERT_TRUE(store->Put("shared/value", ValueFor(0, 0)).ok());

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "own/" + std::to_string(t) + "/value";
      for (int round = 0; round < kRounds; ++round) {
        const std::string value = ValueFor(t, round);
        if (!store->Put(own, value).ok()) ++failures;
        Result<std::string> mine = store->Get(own);
        if (!mine.ok() || *mine != value) ++failures;

        if (!store->Put("shared/value", value).ok()) ++failures;
        Result<std::string> shared = store->Get("shared/value");
        if (!shared.ok() || !IsWholeValue(*shared)) ++failures;
        Result<std::vector<ObjectInfo>> listed = store->List("shared/");
        if (!listed.ok() || listed->size() != 1) ++failures;  // temp files never show

        // Churn a directory that other threads create and prune at the same time.
        const std::string churn = "churn/dir/" + std::to_string(t);
        Status put = store->Put(churn, "x");
        Status del = store->Delete(churn);
        if (!put.ok() || !del.ok()) {
          ADD_FAILURE() << put.ToString() << " / " << del.ToString();
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(IsWholeValue(*store->Get("shared/value")));
  EXPECT_EQ(store->List("")->size(), static_cast<size_t>(kThreads + 1));
}

TEST(StorageConcurrencyTest, ServiceJournalAndRegistryUnderLoad) {
  ScopedTempDir dir;
  ManualClock clock;
  StorageOptions options;
  options.buckets = {{"rescue", "local", ""}};
  options.rescue_bucket = "rescue";
  auto registry = BucketRegistry::Open(options, dir.Sub("data"), clock);
  ASSERT_TRUE(registry.ok());
  StorageServiceOptions service_options;
  service_options.allow_bucket_admin = true;
  StorageService service(**registry, clock, service_options);
  ASSERT_TRUE(service.PutObject("rescue", "fallback", "rescued").ok());

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string bucket = "b" + std::to_string(t);
      if (!service.CreateBucket({bucket, "local", ""}).ok()) ++failures;
      for (int round = 0; round < 20; ++round) {
        if (!service.PutObject(bucket, "k", std::to_string(round)).ok()) ++failures;
        // Misses fall back to the rescue bucket and are journaled concurrently.
        Result<ReadResult> read = service.GetObject(bucket, "fallback");
        if (!read.ok() || !read->rescue_used || read->data != "rescued") ++failures;
        if (service.ListBuckets().size() < 2) ++failures;
      }
      if (!service.DeleteBucket(bucket).ok()) ++failures;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(service.ListBuckets().size(), 2u);
  Result<std::vector<ErrorRecord>> errors = service.RecentErrors(1000, "");
  ASSERT_TRUE(errors.ok());
  EXPECT_EQ(errors->size(), static_cast<size_t>(kThreads * 20));  // no line lost or torn
}

}  // namespace
}  // namespace lakehouse
