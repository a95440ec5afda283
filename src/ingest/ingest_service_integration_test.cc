// In-process integration tests of IngestService and TombstoneService (issue #17 item 9) over a
// real metastore, an in-memory DuckDB and a fault-injecting primary bucket: a storage fault or a
// crash in the middle of publishing loses nothing committed, commits nothing half-done, and the
// retry completes.
#include <gtest/gtest.h>

#include "ingest/ingest_service_fixture.h"

namespace lakehouse {
namespace {

using testing::IngestServiceTest;
using Rows = std::vector<std::string>;

constexpr char kSelect[] = "SELECT id, v FROM t ORDER BY id";

class IngestServiceFaultTest : public IngestServiceTest {
 protected:
  void SetUp() override {
    IngestServiceTest::SetUp();
    LH_ASSERT_OK(IngestCsv("t", IngestMode::kAppend, "id", "id,v\n1,a\n2,b\n").status());
    committed_ = Versions("t");
    ASSERT_EQ(Current(), (Rows{"1\ta", "2\tb"}));
  }

  Rows Current() {
    Result<Rows> rows = QueryRows(kSelect);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.value_or(Rows{});
  }

  int64_t committed_ = 0;
};

TEST_F(IngestServiceFaultTest, PutFailingMidPublishCommitsNothingAndTheRetryCompletes) {
  faulty_->FailOnce(StoreOp::kPutFile, "datasets/", Unavailable("disk went away"));
  Result<IngestResult> failed = IngestCsv("t", IngestMode::kUpsert, "id", "id,v\n2,B\n3,c\n");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << failed.status().ToString();
  EXPECT_EQ(Versions("t"), committed_);
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb"}));

  LH_ASSERT_OK_AND_ASSIGN(IngestResult retried,
                          IngestCsv("t", IngestMode::kUpsert, "id", "id,v\n2,B\n3,c\n"));
  EXPECT_EQ(retried.version, committed_ + 1);
  EXPECT_EQ(retried.rows_inserted, 1);
  EXPECT_EQ(retried.rows_updated, 1);
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tB", "3\tc"}));
}

TEST_F(IngestServiceFaultTest, CrashAfterTheDataFileLandsLeavesTheDatasetAsCommitted) {
  // The object is durable but the ingest never learns it: no version may point at it.
  faulty_->CrashAfterWrite("datasets/");
  Result<IngestResult> failed = IngestCsv("t", IngestMode::kAppend, "id", "id,v\n3,c\n");
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(faulty_->crashed());
  faulty_->ClearFaults();
  faulty_->Restart();
  EXPECT_EQ(Versions("t"), committed_);
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb"}));

  // The same bytes again: not mistaken for a duplicate of the failed attempt.
  LH_ASSERT_OK_AND_ASSIGN(IngestResult retried,
                          IngestCsv("t", IngestMode::kAppend, "id", "id,v\n3,c\n"));
  EXPECT_TRUE(retried.committed);
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb", "3\tc"}));
}

TEST_F(IngestServiceFaultTest, ReplaceFailingMidPublishKeepsTheOldRows) {
  faulty_->FailOnce(StoreOp::kPutFile, "", ResourceExhausted("disk full"));
  ASSERT_FALSE(IngestCsv("t", IngestMode::kReplace, "", "id,v\n9,z\n").ok());
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb"}));
  LH_ASSERT_OK(IngestCsv("t", IngestMode::kReplace, "", "id,v\n9,z\n").status());
  EXPECT_EQ(Current(), (Rows{"9\tz"}));
}

TEST_F(IngestServiceFaultTest, TombstoneFailingToPublishItsDeleteFileHidesNothing) {
  faulty_->FailOnce(StoreOp::kPutFile, "datasets/", Unavailable("disk went away"));
  Result<TombstoneResult> failed = Tombstone("t", "id", {"1"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(Versions("t"), committed_);
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb"}));

  LH_ASSERT_OK_AND_ASSIGN(TombstoneResult retried, Tombstone("t", "id", {"1"}));
  EXPECT_EQ(retried.rows_tombstoned, 1);
  EXPECT_EQ(Current(), (Rows{"2\tb"}));
}

// The limit is named in digits (the message once carried it as a control character).
TEST_F(IngestServiceFaultTest, TooManyTombstoneValuesAreRefusedNamingTheLimit) {
  std::vector<std::string> values(kMaxTombstonesPerRequest + 1, "1");
  Result<TombstoneResult> refused = Tombstone("t", "id", values);
  ASSERT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("more than 10000 values"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb"}));
}

TEST_F(IngestServiceFaultTest, AnUnreadableDataFileFailsTheUpsertWithoutCommitting) {
  // An upsert reads the live rows to count updates; a read fault there must not half-commit.
  faulty_->FailAlways(StoreOp::kLocalPath, "datasets/", Unavailable("bucket offline"));
  faulty_->FailAlways(StoreOp::kGet, "datasets/", Unavailable("bucket offline"));
  Result<IngestResult> failed = IngestCsv("t", IngestMode::kUpsert, "id", "id,v\n1,A\n");
  faulty_->ClearFaults();
  ASSERT_FALSE(failed.ok()) << "the upsert counted live rows without reading the bucket";
  {
    EXPECT_EQ(Versions("t"), committed_);
    EXPECT_EQ(Current(), (Rows{"1\ta", "2\tb"}));
    LH_ASSERT_OK(IngestCsv("t", IngestMode::kUpsert, "id", "id,v\n1,A\n").status());
    EXPECT_EQ(Current(), (Rows{"1\tA", "2\tb"}));
  }
}

}  // namespace
}  // namespace lakehouse
