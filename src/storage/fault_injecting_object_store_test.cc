#include "storage/fault_injecting_object_store.h"

#include <gtest/gtest.h>

#include "storage/local_object_store.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

class FaultInjectingObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = LocalObjectStore::Open("test", dir_.Sub("root"));
    ASSERT_TRUE(opened.ok());
    inner_ = std::shared_ptr<ObjectStore>(std::move(opened).value());
    store_ = std::make_shared<FaultInjectingObjectStore>(inner_);
  }

  ScopedTempDir dir_;
  std::shared_ptr<ObjectStore> inner_;
  std::shared_ptr<FaultInjectingObjectStore> store_;
};

TEST_F(FaultInjectingObjectStoreTest, PassesThroughWithoutRules) {
  ASSERT_TRUE(store_->Put("k", "v").ok());
  EXPECT_EQ(*store_->Get("k"), "v");
  EXPECT_EQ(store_->List("")->size(), 1u);
  EXPECT_EQ(store_->injected_failures(), 0);
}

TEST_F(FaultInjectingObjectStoreTest, FailOnceFiresOnceForMatchingOpAndKey) {
  ASSERT_TRUE(store_->Put("tables/t1", "v").ok());
  store_->FailOnce(StoreOp::kGet, "tables/", ResourceExhausted("boom"));
  EXPECT_TRUE(store_->Stat("tables/t1").ok());  // other op
  ASSERT_TRUE(store_->Put("other", "x").ok());
  EXPECT_TRUE(store_->Get("other").ok());  // other key
  Result<std::string> failed = store_->Get("tables/t1");
  EXPECT_EQ(failed.status(), ResourceExhausted("boom"));
  EXPECT_EQ(*store_->Get("tables/t1"), "v");  // spent
  EXPECT_EQ(store_->injected_failures(), 1);
}

TEST_F(FaultInjectingObjectStoreTest, FailAlwaysUntilCleared) {
  store_->FailAlways(StoreOp::kPut, "", Unavailable("disk gone"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(store_->Put("k", "v").code(), StatusCode::kUnavailable);
  EXPECT_EQ(inner_->Get("k").status().code(), StatusCode::kNotFound);  // nothing was written
  store_->ClearFaults();
  EXPECT_TRUE(store_->Put("k", "v").ok());
}

TEST_F(FaultInjectingObjectStoreTest, RuleWithoutOpMatchesEveryOperation) {
  FaultRule rule;
  rule.key_substring = "bad";
  rule.status = PermissionDenied("nope");
  store_->AddFault(rule);
  EXPECT_EQ(store_->Put("bad/k", "v").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Stat("bad/k").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->List("bad").status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(store_->Put("good", "v").ok());
  EXPECT_TRUE(store_->FreeBytes().ok());  // key "" does not contain "bad"
}

TEST_F(FaultInjectingObjectStoreTest, OkStatusInARuleStillFails) {
  FaultRule rule;
  rule.op = StoreOp::kGet;
  rule.status = Status::Ok();
  store_->AddFault(rule);
  EXPECT_EQ(store_->Get("k").status().code(), StatusCode::kUnavailable);
}

TEST_F(FaultInjectingObjectStoreTest, CrashAfterWriteLandsDataThenFailsEverything) {
  store_->CrashAfterWrite("data/");
  EXPECT_TRUE(store_->Get("data/x").status().code() == StatusCode::kNotFound);  // reads pass
  Status put = store_->Put("data/part-0.parquet", "bytes");
  EXPECT_EQ(put.code(), StatusCode::kUnavailable);
  EXPECT_TRUE(store_->crashed());
  EXPECT_EQ(*inner_->Get("data/part-0.parquet"), "bytes");  // durable underneath
  EXPECT_EQ(store_->Put("meta/commit", "c").code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->Get("data/part-0.parquet").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(inner_->Get("meta/commit").status().code(), StatusCode::kNotFound);

  store_->Restart();
  EXPECT_FALSE(store_->crashed());
  EXPECT_EQ(*store_->Get("data/part-0.parquet"), "bytes");
  EXPECT_TRUE(store_->Put("data/part-1.parquet", "more").ok());  // the crash rule was spent
}

TEST_F(FaultInjectingObjectStoreTest, CrashAfterPutFileAndDelete) {
  WriteLocalFile(dir_.Sub("spool"), "spooled");
  store_->CrashAfterWrite("up");
  EXPECT_FALSE(store_->PutFile("up/file", dir_.Sub("spool")).ok());
  EXPECT_EQ(*inner_->Get("up/file"), "spooled");
  store_->Restart();
  store_->CrashAfterWrite("up");
  EXPECT_FALSE(store_->Delete("up/file").ok());
  EXPECT_EQ(inner_->Stat("up/file").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse
