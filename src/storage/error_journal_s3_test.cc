// The error journal on an S3 primary bucket (real Swift with s3api): two journals on one remote
// bucket — two nodes — record concurrently and every record survives, each as its own object
// (S3 has no append; the old read-then-rewrite of a day file lost records between nodes).
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "storage/error_journal.h"
#include "storage/s3_object_store.h"
#include "storage/s3_test_env.h"

namespace lakehouse {
namespace {

TEST(ErrorJournalS3Test, TwoNodesRecordConcurrentlyWithoutLosingRecords) {
  testing::SwiftServer* swift = SharedSwift();
  ASSERT_NE(swift, nullptr);
  const std::string remote = UniqueBucket("journal");
  auto node_a = S3ObjectStore::Open("primary", swift->StoreOptions(remote), nullptr).value();
  auto node_b = S3ObjectStore::Open("primary", swift->StoreOptions(remote), nullptr).value();
  SystemClock clock;
  ErrorJournal journal_a(std::shared_ptr<ObjectStore>(std::move(node_a)), clock);
  ErrorJournal journal_b(std::shared_ptr<ObjectStore>(std::move(node_b)), clock);
  constexpr int kPerThread = 12;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    ErrorJournal* journal = t % 2 == 0 ? &journal_a : &journal_b;
    threads.emplace_back([journal, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status recorded =
            journal->Record("lake", "get", StrCat("k-", std::to_string(t), "-", std::to_string(i)),
                            Unavailable("boom"));
        EXPECT_TRUE(recorded.ok()) << recorded.ToString();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (ErrorJournal* journal : {&journal_a, &journal_b}) {
    Result<std::vector<ErrorRecord>> recent = journal->Recent(1000, "lake");
    ASSERT_TRUE(recent.ok()) << recent.status().ToString();
    std::set<std::string> keys;
    for (const ErrorRecord& record : *recent) keys.insert(record.key);
    EXPECT_EQ(keys.size(), 4u * kPerThread) << "records lost between the two nodes";
    for (size_t i = 1; i < recent->size(); ++i) {
      EXPECT_GE((*recent)[i - 1].ts, (*recent)[i].ts) << "newest first";
    }
  }
  // Each record is one object under _errors/<day>/: appends never rewrite earlier ones.
  auto store = S3ObjectStore::Open("primary", swift->StoreOptions(remote), nullptr).value();
  Result<std::vector<ObjectInfo>> objects = store->List(ErrorJournal::kKeyPrefix);
  ASSERT_TRUE(objects.ok());
  EXPECT_EQ(objects->size(), 4u * kPerThread);
  Result<std::vector<ErrorRecord>> limited = ErrorJournal(std::move(store), clock).Recent(5);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 5u);
}

}  // namespace
}  // namespace lakehouse
