// ObjectCache filling from a real S3 server through S3ObjectStore::LocalPath: parallel range
// reads give the exact bytes, hits do not go back to the server, writes invalidate, the size
// bound evicts the least recently used object, and an object replaced mid-fill fails the fill.
#include "storage/object_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/s3_object_store.h"
#include "storage/s3_test_env.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

class ObjectCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    swift_ = SharedSwift();
    ASSERT_NE(swift_, nullptr);
  }
  std::shared_ptr<ObjectCache> NewCache(int64_t capacity) {
    ObjectCacheOptions options;
    options.dir = dir_.Sub("cache");
    options.capacity_bytes = capacity;
    options.range_bytes = 64 * 1024;
    options.parallel_reads = 4;
    auto cache = ObjectCache::Open(options);
    EXPECT_TRUE(cache.ok());
    return *cache;
  }
  static std::string Bytes(size_t n, char seed) {
    std::string out(n, '\0');
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(seed + (i * 31) % 89);
    return out;
  }
  testing::SwiftServer* swift_ = nullptr;
  ScopedTempDir dir_;
};

TEST_F(ObjectCacheTest, FillsWithRangeReadsAndServesHitsLocally) {
  auto cache = NewCache(10 << 20);
  auto store =
      S3ObjectStore::Open("lake", swift_->StoreOptions(UniqueBucket("cache")), cache).value();
  const std::string data = Bytes(1000 * 1000 + 3, 'a');
  ASSERT_TRUE(store->Put("d/part-0.parquet", data).ok());
  Result<std::string> path = store->LocalPath("d/part-0.parquet");
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, dir_.Sub("cache") + "/lake/d/part-0.parquet");
  EXPECT_EQ(ReadLocalFile(*path), data);
  EXPECT_EQ(cache->stats().misses, 1);
  ASSERT_TRUE(store->LocalPath("d/part-0.parquet").ok());
  EXPECT_EQ(cache->stats().hits, 1);
  // A write replaces the object: the cached copy is dropped and the next read fetches anew.
  ASSERT_TRUE(store->Put("d/part-0.parquet", "new").ok());
  EXPECT_FALSE(std::filesystem::exists(*path));
  EXPECT_EQ(ReadLocalFile(*store->LocalPath("d/part-0.parquet")), "new");
  EXPECT_EQ(store->LocalPath("missing").status().code(), StatusCode::kNotFound);
}

TEST_F(ObjectCacheTest, PutFileSeedsTheCache) {
  auto cache = NewCache(10 << 20);
  auto store =
      S3ObjectStore::Open("lake", swift_->StoreOptions(UniqueBucket("seed")), cache).value();
  WriteLocalFile(dir_.Sub("f.parquet"), "parquet bytes");
  ASSERT_TRUE(store->PutFile("f.parquet", dir_.Sub("f.parquet")).ok());
  EXPECT_EQ(ReadLocalFile(*store->LocalPath("f.parquet")), "parquet bytes");
  EXPECT_EQ(cache->stats().hits, 1);
  EXPECT_EQ(cache->stats().misses, 0);
}

TEST_F(ObjectCacheTest, SizeBoundEvictsTheLeastRecentlyUsed) {
  auto cache = NewCache(250 * 1000);
  auto store =
      S3ObjectStore::Open("lake", swift_->StoreOptions(UniqueBucket("lru")), cache).value();
  for (const char* key : {"a", "b", "c"}) ASSERT_TRUE(store->Put(key, Bytes(100 * 1000, 'x')).ok());
  std::string a = *store->LocalPath("a");
  std::string b = *store->LocalPath("b");
  ASSERT_TRUE(store->LocalPath("a").ok());  // a is now more recent than b
  std::string c = *store->LocalPath("c");
  EXPECT_EQ(cache->stats().evictions, 1);
  EXPECT_TRUE(std::filesystem::exists(a));
  EXPECT_FALSE(std::filesystem::exists(b));
  EXPECT_TRUE(std::filesystem::exists(c));
  EXPECT_LE(cache->stats().bytes, 250 * 1000);
}

// Defect: eviction removed files that live dataset views named. A held object is never evicted;
// held objects beyond the capacity make the cache report over_capacity instead.
TEST_F(ObjectCacheTest, HeldObjectsAreNeverEvicted) {
  auto cache = NewCache(150 * 1000);
  auto store =
      S3ObjectStore::Open("lake", swift_->StoreOptions(UniqueBucket("held")), cache).value();
  for (const char* key : {"a", "b", "c"}) ASSERT_TRUE(store->Put(key, Bytes(100 * 1000, 'h')).ok());
  Result<HeldLocalPath> a = store->HoldLocalPath("a");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_NE(a->hold, nullptr);
  Result<HeldLocalPath> b = store->HoldLocalPath("b");
  ASSERT_TRUE(b.ok());
  std::string c = *store->LocalPath("c");  // not held: evicted first
  EXPECT_TRUE(std::filesystem::exists(a->path));
  EXPECT_TRUE(std::filesystem::exists(b->path));
  EXPECT_TRUE(std::filesystem::exists(c));  // just inserted
  ObjectCacheStats stats = cache->stats();
  EXPECT_TRUE(stats.over_capacity);
  EXPECT_EQ(stats.held_entries, 2);
  EXPECT_EQ(stats.held_bytes, 200 * 1000);
  // A hit adds a second hold of "a"; dropping one keeps it held.
  HeldLocalPath again = *store->HoldLocalPath("a");
  a->hold.reset();
  ASSERT_TRUE(store->Put("d", Bytes(10, 'd')).ok());
  ASSERT_TRUE(store->LocalPath("d").ok());
  EXPECT_TRUE(std::filesystem::exists(again.path));
  EXPECT_FALSE(std::filesystem::exists(c));
  // Released holds make their objects evictable again: the cache shrinks to its capacity.
  again.hold.reset();
  b->hold.reset();
  stats = cache->stats();
  EXPECT_LE(stats.bytes, 150 * 1000);
  EXPECT_FALSE(stats.over_capacity);
  EXPECT_EQ(stats.held_entries, 0);
}

TEST_F(ObjectCacheTest, AnObjectReplacedMidFillFailsTheFill) {
  auto cache = NewCache(10 << 20);
  auto store =
      S3ObjectStore::Open("lake", swift_->StoreOptions(UniqueBucket("etag")), cache).value();
  ASSERT_TRUE(store->Put("k", Bytes(200 * 1000, 'q')).ok());
  ObjectCacheSource source;
  source.stat = [] { return Result<ObjectCacheSource::Version>({200 * 1000, "\"stale-etag\""}); };
  source.read = [&](int64_t offset, int64_t length,
                    const std::string& etag) -> Result<std::string> {
    S3Request request;
    request.key = "k";
    request.range_offset = offset;
    request.range_length = length;
    request.headers.push_back("If-Match: " + etag);
    LH_ASSIGN_OR_RETURN(S3Response response, store->client().Send(request));
    if (!response.ok()) return S3ErrorStatus(response, "read");
    return std::move(response.body);
  };
  Result<std::string> path = cache->Acquire("lake", "k", source);
  EXPECT_EQ(path.status().code(), StatusCode::kConflict) << path.status().ToString();
  EXPECT_NE(path.status().message().find("412"), std::string::npos) << path.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("cache/lake/k")));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.Sub("cache/.fill")));
}

}  // namespace
}  // namespace lakehouse
