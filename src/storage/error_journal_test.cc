#include "storage/error_journal.h"

#include <gtest/gtest.h>

#include "storage/fault_injecting_object_store.h"
#include "storage/local_object_store.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

constexpr int64_t kDayMicros = 86'400'000'000;

class ErrorJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = LocalObjectStore::Open("primary", dir_.Sub("primary"));
    ASSERT_TRUE(opened.ok());
    store_ = std::shared_ptr<ObjectStore>(std::move(opened).value());
  }

  ScopedTempDir dir_;
  ManualClock clock_{1'700'000'000'000'000};  // 2023-11-14T22:13:20Z
  std::shared_ptr<ObjectStore> store_;
};

TEST_F(ErrorJournalTest, RecordsJsonLinesInADailyObject) {
  ErrorJournal journal(store_, clock_);
  ASSERT_TRUE(journal.Record("b1", "get", "k/1", NotFound("missing")).ok());
  Result<std::string> text = store_->Get("_errors/2023-11-14.jsonl");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<Json> json = ParseJson(text->substr(0, text->size() - 1));
  ASSERT_TRUE(json.ok());
  EXPECT_EQ((*json)["ts"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ((*json)["bucket"], "b1");
  EXPECT_EQ((*json)["op"], "get");
  EXPECT_EQ((*json)["key"], "k/1");
  EXPECT_EQ((*json)["code"], "NOT_FOUND");
  EXPECT_EQ((*json)["message"], "missing");
}

TEST_F(ErrorJournalTest, RecentIsNewestFirstAcrossDaysWithLimitAndFilter) {
  ErrorJournal journal(store_, clock_);
  ASSERT_TRUE(journal.Record("a", "put", "k1", Unavailable("e1")).ok());
  clock_.Advance(1000);
  ASSERT_TRUE(journal.Record("b", "get", "k2", Unavailable("e2")).ok());
  clock_.Advance(kDayMicros);
  ASSERT_TRUE(journal.Record("a", "delete", "k3", Unavailable("e3")).ok());

  Result<std::vector<ErrorRecord>> all = journal.Recent(10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].message, "e3");
  EXPECT_EQ((*all)[1].message, "e2");
  EXPECT_EQ((*all)[2].message, "e1");

  Result<std::vector<ErrorRecord>> two = journal.Recent(2);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].message, "e2");

  Result<std::vector<ErrorRecord>> only_a = journal.Recent(10, "a");
  ASSERT_EQ(only_a->size(), 2u);
  EXPECT_EQ((*only_a)[0].op, "delete");
  EXPECT_EQ((*only_a)[1].op, "put");
  EXPECT_TRUE(journal.Recent(0)->empty());
  EXPECT_TRUE(journal.Recent(10, "nobody")->empty());
}

TEST_F(ErrorJournalTest, SkipsTornLinesAndSurvivesReopen) {
  {
    ErrorJournal journal(store_, clock_);
    ASSERT_TRUE(journal.Record("a", "put", "k", Unavailable("kept")).ok());
  }
  ASSERT_TRUE(store_->Append("_errors/2023-11-14.jsonl", "{\"ts\":\"2023-11-").ok());
  ErrorJournal reopened(store_, clock_);
  Result<std::vector<ErrorRecord>> records = reopened.Recent(10);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].message, "kept");
}

TEST_F(ErrorJournalTest, LongMessagesAreCut) {
  ErrorJournal journal(store_, clock_);
  ASSERT_TRUE(journal.Record("a", "put", "k", Unavailable(std::string(10000, 'm'))).ok());
  EXPECT_EQ(journal.Recent(1)->at(0).message.size(), ErrorJournal::kMaxMessageBytes);
}

TEST_F(ErrorJournalTest, AppendFailureIsReported) {
  auto faulty = std::make_shared<FaultInjectingObjectStore>(store_);
  faulty->FailAlways(StoreOp::kAppend, "", ResourceExhausted("disk full"));
  ErrorJournal journal(faulty, clock_);
  EXPECT_EQ(journal.Record("a", "put", "k", Unavailable("x")).code(),
            StatusCode::kResourceExhausted);
}

// Issue #15 item 11: a full disk cannot hold the record that says so; it is still reported.
TEST_F(ErrorJournalTest, RecordsThatCannotBeWrittenAreKeptInMemory) {
  auto faulty = std::make_shared<FaultInjectingObjectStore>(store_);
  ErrorJournal journal(faulty, clock_);
  ASSERT_TRUE(journal.Record("a", "get", "saved", NotFound("x")).ok());
  clock_.Advance(1'000'000);
  faulty->FailAlways(StoreOp::kAppend, "", InsufficientStorage("No space left on device"));
  EXPECT_EQ(
      journal.Record("b", "put_file", "k", InsufficientStorage("No space left on device")).code(),
      StatusCode::kInsufficientStorage);
  Result<std::vector<ErrorRecord>> recent = journal.Recent(10);
  ASSERT_TRUE(recent.ok()) << recent.status().ToString();
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].key, "k") << "newest first";
  EXPECT_EQ((*recent)[0].code, "INSUFFICIENT_STORAGE");
  EXPECT_EQ((*recent)[1].key, "saved");
  EXPECT_EQ(journal.Recent(10, "a")->size(), 1u);
  EXPECT_EQ(journal.Recent(1)->size(), 1u);
  for (size_t i = 0; i < ErrorJournal::kMaxUnsavedRecords + 10; ++i) {
    (void)journal.Record("b", "put", "k" + std::to_string(i), InsufficientStorage("full"));
  }
  EXPECT_EQ(journal.Recent(10000, "b")->size(), ErrorJournal::kMaxUnsavedRecords) << "bounded";
}

}  // namespace
}  // namespace lakehouse
