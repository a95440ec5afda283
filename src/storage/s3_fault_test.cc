// S3ObjectStore under faults, between it and a real Swift: injected 500/503 answers are retried,
// a part that fails is re-sent alone, a server that dies mid-upload or stays down gives a clear
// UNAVAILABLE and publishes nothing (the old object stays), a slow server times out.
#include <gtest/gtest.h>

#include "storage/s3_object_store.h"
#include "storage/s3_test_env.h"
#include "tests/support/fault_http_proxy.h"

namespace lakehouse {
namespace {

class S3FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    swift_ = SharedSwift();
    ASSERT_NE(swift_, nullptr);
    auto proxy = testing::FaultHttpProxy::Start(swift_->port());
    ASSERT_TRUE(proxy.ok());
    proxy_ = std::move(*proxy);
    bucket_ = UniqueBucket("fault");
    direct_ = Open(swift_->StoreOptions(bucket_));
    S3StoreOptions options = swift_->StoreOptions(bucket_);
    options.client.endpoint = proxy_->endpoint();
    options.multipart_threshold_bytes = 64 * 1024;
    options.part_size_bytes = 64 * 1024;
    faulty_ = Open(options);
  }
  std::unique_ptr<S3ObjectStore> Open(const S3StoreOptions& options) {
    auto store = S3ObjectStore::Open("lake", options, nullptr);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
  static std::string Bytes(size_t n, char seed) {
    std::string out(n, '\0');
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(seed + i % 23);
    return out;
  }

  testing::SwiftServer* swift_ = nullptr;
  std::unique_ptr<testing::FaultHttpProxy> proxy_;
  std::string bucket_;
  std::unique_ptr<S3ObjectStore> direct_;
  std::unique_ptr<S3ObjectStore> faulty_;
};

TEST_F(S3FaultTest, TransientServerErrorsAreRetried) {
  proxy_->FailNext(2, 503, "PUT");
  ASSERT_TRUE(faulty_->Put("k", "value").ok());
  EXPECT_EQ(proxy_->CountSeen("PUT"), 3);
  proxy_->FailNext(1, 500, "GET");
  Result<std::string> got = faulty_->Get("k");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "value");
}

TEST_F(S3FaultTest, PersistentFailureIsAClearErrorAndWritesNothing) {
  proxy_->FailNext(100, 500, "PUT");
  Status put = faulty_->Put("k", "value");
  EXPECT_EQ(put.code(), StatusCode::kUnavailable) << put.ToString();
  EXPECT_NE(put.message().find("HTTP 500 InternalError"), std::string::npos) << put.message();
  EXPECT_NE(put.message().find("after 4 attempts"), std::string::npos) << put.message();
  EXPECT_NE(put.message().find("bucket 'lake'"), std::string::npos) << put.message();
  EXPECT_EQ(direct_->Stat("k").status().code(), StatusCode::kNotFound);
}

TEST_F(S3FaultTest, AFailedPartIsResentAlone) {
  const std::string data = Bytes(200 * 1024, 'a');
  proxy_->FailNext(1, 503, "partNumber=2");
  ASSERT_TRUE(faulty_->Put("big", data).ok());
  EXPECT_EQ(proxy_->CountSeen("partNumber=1"), 1);
  EXPECT_EQ(proxy_->CountSeen("partNumber=2"), 2);
  EXPECT_EQ(*direct_->Get("big"), data);
  EXPECT_EQ(*direct_->CountOpenUploads(), 0);
}

TEST_F(S3FaultTest, ServerDyingMidUploadPublishesNothingAndKeepsTheOldObject) {
  ASSERT_TRUE(direct_->Put("big", "old version").ok());
  proxy_->DieAfter(2, "partNumber=");  // parts 1 and 2 arrive, then the server is gone
  Status put = faulty_->Put("big", Bytes(300 * 1024, 'b'));
  EXPECT_EQ(put.code(), StatusCode::kUnavailable) << put.ToString();
  EXPECT_NE(put.message().find("upload part 3"), std::string::npos) << put.message();
  EXPECT_EQ(*direct_->Get("big"), "old version");
  // Back up: the same write goes through, and no upload is left open.
  proxy_->Reset();
  const std::string data = Bytes(300 * 1024, 'c');
  ASSERT_TRUE(faulty_->Put("big", data).ok());
  EXPECT_EQ(*direct_->Get("big"), data);
}

TEST_F(S3FaultTest, DroppedConnectionsAreRetried) {
  proxy_->DropNext(2);
  ASSERT_TRUE(faulty_->Put("k", "v").ok());
  EXPECT_EQ(*direct_->Get("k"), "v");
}

TEST_F(S3FaultTest, SlowServerTimesOutWithAClearError) {
  S3StoreOptions options = swift_->StoreOptions(bucket_);
  options.client.endpoint = proxy_->endpoint();
  options.client.request_timeout_ms = 500;
  options.client.max_attempts = 2;
  auto impatient = Open(options);
  ASSERT_NE(impatient, nullptr);
  ASSERT_TRUE(direct_->Put("k", "v").ok());
  proxy_->SetDelayMs(1500);
  Result<std::string> got = impatient->Get("k");
  EXPECT_EQ(got.status().code(), StatusCode::kUnavailable) << got.status().ToString();
  EXPECT_NE(got.status().message().find("after 2 attempts"), std::string::npos)
      << got.status().message();
  proxy_->SetDelayMs(100);  // slow but within the timeout
  got = impatient->Get("k");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "v");
}

// The real server process stops and comes back (this restarts Swift's proxy: ~10-20 s).
TEST_F(S3FaultTest, StoppedServerIsUnavailableUntilItReturns) {
  S3StoreOptions options = swift_->StoreOptions(bucket_);
  options.client.max_attempts = 2;
  auto store = Open(options);
  ASSERT_TRUE(store->Put("k", "before").ok());
  swift_->StopProxy();
  Status put = store->Put("k", "during");
  EXPECT_EQ(put.code(), StatusCode::kUnavailable) << put.ToString();
  EXPECT_NE(put.message().find("after 2 attempts"), std::string::npos) << put.message();
  ASSERT_TRUE(swift_->StartProxy().ok());
  EXPECT_EQ(*store->Get("k"), "before");
}

}  // namespace
}  // namespace lakehouse
