// S3ObjectStore against a real S3 server (Swift with s3api): every operation round-trips, SigV4
// is checked for real (a wrong secret is a clear PERMISSION_DENIED), ranges, pagination,
// multipart uploads, virtual-host addressing and awkward keys.
#include "storage/s3_object_store.h"

#include <gtest/gtest.h>

#include "storage/s3_bucket_config.h"
#include "storage/s3_test_env.h"
#include "storage/s3_xml.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

class S3ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    swift_ = SharedSwift();
    ASSERT_NE(swift_, nullptr);
  }
  std::unique_ptr<S3ObjectStore> Open(const S3StoreOptions& options,
                                      std::shared_ptr<ObjectCache> cache = nullptr) {
    auto store = S3ObjectStore::Open("lake", options, std::move(cache));
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
  testing::SwiftServer* swift_ = nullptr;
};

TEST(S3QueryStringTest, SortedEncodedAndEmptyValuesKeepTheirEquals) {
  EXPECT_EQ(CanonicalQueryString({{"uploads", ""}}), "uploads=");
  EXPECT_EQ(CanonicalQueryString({{"prefix", "a b/c"}, {"list-type", "2"}, {"max-keys", "7"}}),
            "list-type=2&max-keys=7&prefix=a%20b%2Fc");
  EXPECT_EQ(UriEncode("dir/ä+x~y", /*keep_slash=*/true), "dir/%C3%A4%2Bx~y");
}

TEST(S3XmlTest, ParsesAListPageAndAnError) {
  Result<S3ListPage> page = ParseListObjectsV2(
      "<?xml version=\"1.0\"?><ListBucketResult><IsTruncated>true</IsTruncated>"
      "<Contents><Key>a/b</Key><Size>12</Size><LastModified>2026-12-07T21:41:08.500Z"
      "</LastModified><ETag>\"e\"</ETag></Contents>"
      "<NextContinuationToken>tok</NextContinuationToken></ListBucketResult>");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "a/b");
  EXPECT_EQ(page->objects[0].size_bytes, 12);
  EXPECT_EQ(page->objects[0].modified_micros, 1796679668500000);
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->next_continuation_token, "tok");
  S3ErrorBody error = ParseS3Error("<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>");
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "gone");
  EXPECT_EQ(ParseS3Error("not xml").code, "");
}

TEST(S3BucketConfigTest, CredentialsComeFromOptionsThenSecretFileThenEnvironment) {
  ScopedTempDir dir;
  BucketOptions bucket;
  bucket.name = "lake";
  bucket.backend = "s3";
  bucket.endpoint = "http://127.0.0.1:9";
  bucket.access_key_id = "id";
  bucket.secret_access_key = "inline";
  Result<S3StoreOptions> options = S3StoreOptionsFor(bucket);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->client.credentials.secret_access_key, "inline");
  EXPECT_EQ(options->client.bucket, "lake") << "s3_bucket defaults to the name";
  EXPECT_FALSE(options->client.virtual_host);

  bucket.secret_access_key = "";
  bucket.secret_access_key_file = dir.Sub("secret");
  WriteLocalFile(bucket.secret_access_key_file, "from-file\n");
  bucket.url_style = "virtual";
  options = S3StoreOptionsFor(bucket);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->client.credentials.secret_access_key, "from-file");
  EXPECT_TRUE(options->client.virtual_host);

  bucket.secret_access_key_file = dir.Sub("missing");
  Status missing = S3StoreOptionsFor(bucket).status();
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);

  bucket.secret_access_key_file = "";
  bucket.access_key_id = "";
  ::setenv("AWS_ACCESS_KEY_ID", "env-id", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
  options = S3StoreOptionsFor(bucket);
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->client.credentials.access_key_id, "env-id");
  EXPECT_EQ(options->client.credentials.secret_access_key, "env-secret");
  Status none = S3StoreOptionsFor(bucket).status();
  EXPECT_EQ(none.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.message().find("no s3 credentials"), std::string::npos) << none.message();
}

TEST_F(S3ObjectStoreTest, EveryOperationRoundTrips) {
  auto store = Open(swift_->StoreOptions(UniqueBucket("ops")));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Probe().ok());
  ASSERT_TRUE(store->Put("a/one.txt", "hello world").ok());
  Result<std::string> got = store->Get("a/one.txt");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "hello world");
  Result<ObjectInfo> info = store->Stat("a/one.txt");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size_bytes, 11);
  EXPECT_GT(info->modified_micros, 0);
  ASSERT_TRUE(store->Put("a/one.txt", "replaced").ok());
  EXPECT_EQ(*store->Get("a/one.txt"), "replaced");
  ASSERT_TRUE(store->Append("log.jsonl", "1\n").ok());
  ASSERT_TRUE(store->Append("log.jsonl", "2\n").ok());
  EXPECT_EQ(*store->Get("log.jsonl"), "1\n2\n");
  Result<std::vector<ObjectInfo>> listed = store->List("");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].key, "a/one.txt");
  EXPECT_EQ((*listed)[0].size_bytes, 8);
  EXPECT_EQ((*listed)[1].key, "log.jsonl");
  ASSERT_TRUE(store->Delete("a/one.txt").ok());
  EXPECT_EQ(store->Get("a/one.txt").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Stat("a/one.txt").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Delete("a/one.txt").code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Get("../etc/passwd").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*store->FreeBytes(), -1);
}

TEST_F(S3ObjectStoreTest, WrongSecretIsPermissionDeniedNamingSignatureDoesNotMatch) {
  S3StoreOptions options = swift_->StoreOptions(UniqueBucket("auth"));
  options.client.credentials.secret_access_key = "not-the-secret-Zq7";
  auto store = Open(options);
  ASSERT_NE(store, nullptr);
  Status put = store->Put("x", "data");
  EXPECT_EQ(put.code(), StatusCode::kPermissionDenied) << put.ToString();
  EXPECT_NE(put.message().find("HTTP 403 SignatureDoesNotMatch"), std::string::npos)
      << put.message();
  EXPECT_EQ(put.message().find("not-the-secret-Zq7"), std::string::npos) << "secret leaked";
  Status probe = store->Probe();
  EXPECT_EQ(probe.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(probe.message().find("SignatureDoesNotMatch"), std::string::npos) << probe.message();
}

TEST_F(S3ObjectStoreTest, MissingRemoteBucketIsNotFound) {
  auto store = Open(swift_->StoreOptions("no-such-bucket-here"));
  ASSERT_NE(store, nullptr);
  Status probe = store->Probe();
  EXPECT_EQ(probe.code(), StatusCode::kNotFound) << probe.ToString();
  EXPECT_NE(probe.message().find("NoSuchBucket"), std::string::npos) << probe.message();
}

TEST_F(S3ObjectStoreTest, RangesAreServedAndTruncatedPastTheEnd) {
  auto store = Open(swift_->StoreOptions(UniqueBucket("range")));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Put("r", "0123456789").ok());
  EXPECT_EQ(*store->GetRange("r", 2, 3), "234");
  EXPECT_EQ(*store->GetRange("r", 0, 1), "0");
  EXPECT_EQ(*store->GetRange("r", 7, 100), "789");
  EXPECT_EQ(*store->GetRange("r", 10, 5), "");
  EXPECT_EQ(*store->GetRange("r", 50, 5), "");
  EXPECT_EQ(*store->GetRange("r", 3, 0), "");
  EXPECT_EQ(store->GetRange("missing", 0, 4).status().code(), StatusCode::kNotFound);
}

TEST_F(S3ObjectStoreTest, ListFollowsContinuationTokensAcrossPages) {
  S3StoreOptions options = swift_->StoreOptions(UniqueBucket("page"));
  options.list_page_size = 7;
  auto store = Open(options);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 25; ++i) {
    char key[32];
    std::snprintf(key, sizeof(key), "p/k%03d", i);
    ASSERT_TRUE(store->Put(key, std::to_string(i)).ok());
  }
  ASSERT_TRUE(store->Put("q/other", "x").ok());
  Result<std::vector<ObjectInfo>> listed = store->List("p/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 25u);
  EXPECT_EQ(listed->front().key, "p/k000");
  EXPECT_EQ(listed->back().key, "p/k024");
  EXPECT_EQ(store->List("")->size(), 26u);
  EXPECT_TRUE(store->List("nothing/")->empty());
}

TEST_F(S3ObjectStoreTest, LargeObjectsGoMultipartAndLeaveNoUploadsBehind) {
  S3StoreOptions options = swift_->StoreOptions(UniqueBucket("multi"));
  options.multipart_threshold_bytes = 100 * 1024;
  options.part_size_bytes = 100 * 1024;
  auto store = Open(options);
  ASSERT_NE(store, nullptr);
  std::string big(350 * 1024 + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
  ASSERT_TRUE(store->Put("big.bin", big).ok());
  EXPECT_EQ(*store->Get("big.bin"), big);
  EXPECT_EQ(store->Stat("big.bin")->size_bytes, static_cast<int64_t>(big.size()));
  EXPECT_EQ(*store->GetRange("big.bin", 150 * 1024, 10), big.substr(150 * 1024, 10));

  ScopedTempDir dir;
  const std::string file = dir.Sub("upload.bin");
  WriteLocalFile(file, big.substr(0, 250 * 1024));
  ASSERT_TRUE(store->PutFile("from-file.bin", file).ok());
  EXPECT_FALSE(std::filesystem::exists(file)) << "PutFile consumes its source";
  EXPECT_EQ(*store->Get("from-file.bin"), big.substr(0, 250 * 1024));
  EXPECT_EQ(*store->CountOpenUploads(), 0);
  // The listing shows the assembled objects only, not their segments.
  Result<std::vector<ObjectInfo>> listed = store->List("");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
}

TEST_F(S3ObjectStoreTest, VirtualHostStyleAddressingWorks) {
  S3StoreOptions options = swift_->StoreOptions(UniqueBucket("vhost"));
  options.client.endpoint = "http://localhost:" + std::to_string(swift_->port());
  options.client.virtual_host = true;
  auto store = Open(options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->client().ObjectUrl("k"), "http://" + options.client.bucket + ".localhost:" +
                                                std::to_string(swift_->port()) + "/k");
  ASSERT_TRUE(store->Put("k", "v").ok());
  EXPECT_EQ(*store->Get("k"), "v");
  EXPECT_EQ(store->List("")->size(), 1u);
}

TEST_F(S3ObjectStoreTest, KeysWithSpacesAndUnicodeRoundTrip) {
  auto store = Open(swift_->StoreOptions(UniqueBucket("keys")));
  ASSERT_NE(store, nullptr);
  const std::string key = "dir with space/ä+b=c&d%e (1).csv";
  ASSERT_TRUE(store->Put(key, "x,y\n").ok());
  EXPECT_EQ(*store->Get(key), "x,y\n");
  Result<std::vector<ObjectInfo>> listed = store->List("dir with space/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, key);
  EXPECT_TRUE(store->Delete(key).ok());
}

TEST_F(S3ObjectStoreTest, CredentialsAreRequired) {
  S3StoreOptions options = swift_->StoreOptions("b");
  options.client.credentials = {};
  Result<std::unique_ptr<S3ObjectStore>> store = S3ObjectStore::Open("lake", options, nullptr);
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  options = swift_->StoreOptions("b");
  options.client.endpoint = "ftp://x";
  EXPECT_EQ(S3ObjectStore::Open("lake", options, nullptr).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakehouse
