#include "sql/result_cache.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

StatementFacts Cacheable(std::string normalized) {
  StatementFacts facts;
  facts.normalized = std::move(normalized);
  facts.tables = {"orders"};
  facts.cacheable = true;
  return facts;
}

ResultSource Source(std::string id, int64_t version, uint64_t build) {
  return ResultSource{std::move(id), version, version, build};
}

std::shared_ptr<const RowSet> Rows(int n) {
  auto rows = std::make_shared<RowSet>();
  for (int i = 0; i < n; ++i) {
    rows->rows.push_back({SqlValue::FromJson(i), SqlValue::FromJson("row-" + std::to_string(i))});
  }
  return rows;
}

TEST(ResultCacheKeyTest, EveryPartOfTheKeyMatters) {
  const StatementFacts facts = Cacheable("tree");
  const std::vector<ResultSource> v1 = {Source("a", 1, 1)};
  const std::string key = ResultCache::MakeKey(facts, nullptr, 100, v1);
  EXPECT_EQ(key, ResultCache::MakeKey(facts, nullptr, 100, v1));
  EXPECT_NE(key, ResultCache::MakeKey(Cacheable("other tree"), nullptr, 100, v1));
  EXPECT_NE(key, ResultCache::MakeKey(facts, Json::array({1}), 100, v1));
  EXPECT_NE(ResultCache::MakeKey(facts, Json::array({1}), 100, v1),
            ResultCache::MakeKey(facts, Json::array({2}), 100, v1));
  EXPECT_NE(key, ResultCache::MakeKey(facts, nullptr, 10, v1));
  EXPECT_NE(key, ResultCache::MakeKey(facts, nullptr, 100, {Source("a", 2, 1)}));  // version
  EXPECT_NE(key, ResultCache::MakeKey(facts, nullptr, 100, {Source("a", 1, 2)}));  // rebuild
  EXPECT_NE(key, ResultCache::MakeKey(facts, nullptr, 100, {ResultSource{"a", 1, 0, 1}}));
  // The order in which datasets were resolved does not matter.
  EXPECT_EQ(ResultCache::MakeKey(facts, nullptr, 1, {Source("a", 1, 1), Source("b", 3, 2)}),
            ResultCache::MakeKey(facts, nullptr, 1, {Source("b", 3, 2), Source("a", 1, 1)}));
}

TEST(ResultCacheTest, HitsMissesAndCopies) {
  ResultCache cache(1 << 20, 1 << 20);
  EXPECT_EQ(cache.Lookup("k"), nullptr);
  EXPECT_TRUE(cache.Insert("k", {Source("a", 1, 1)}, Rows(3)));
  std::shared_ptr<const RowSet> hit = cache.Lookup("k");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->rows, Rows(3)->rows);
  cache.CountUncacheable();
  ResultCacheStats stats = cache.Stats();
  EXPECT_TRUE(stats.enabled);
  EXPECT_EQ(stats.entries, 1);
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.uncacheable, 1);
  EXPECT_GT(stats.bytes, ResultCache::EstimateBytes(*Rows(3)));  // the key counts too
  EXPECT_EQ(stats.ToJson()["entries"], 1);
}

TEST(ResultCacheTest, ANewBuildDropsTheDatasetsEntriesAndRefusesLateInserts) {
  ResultCache cache(1 << 20, 1 << 20);
  ASSERT_TRUE(cache.Insert("a1", {Source("a", 1, 1)}, Rows(1)));
  ASSERT_TRUE(cache.Insert("ab1", {Source("a", 1, 1), Source("b", 1, 1)}, Rows(1)));
  ASSERT_TRUE(cache.Insert("b1", {Source("b", 1, 1)}, Rows(1)));
  cache.DropDataset("a", 2);  // table of a rebuilt as build 2
  EXPECT_EQ(cache.Lookup("a1"), nullptr);
  EXPECT_EQ(cache.Lookup("ab1"), nullptr);
  EXPECT_NE(cache.Lookup("b1"), nullptr);
  // A query that read build 1 and finishes after the rebuild does not cache its result.
  EXPECT_FALSE(cache.Insert("a1-late", {Source("a", 1, 1)}, Rows(1)));
  EXPECT_TRUE(cache.Insert("a2", {Source("a", 2, 2)}, Rows(1)));
  EXPECT_EQ(cache.Stats().entries, 2);
}

TEST(ResultCacheTest, LeastRecentlyUsedGoesPastTheBudgetAndLargeResultsAreNotCached) {
  const int64_t one = ResultCache::EstimateBytes(*Rows(10)) + 2;  // + the 2-byte key
  ResultCache cache(3 * one, one);
  ASSERT_TRUE(cache.Insert("k1", {Source("a", 1, 1)}, Rows(10)));
  ASSERT_TRUE(cache.Insert("k2", {Source("a", 1, 1)}, Rows(10)));
  ASSERT_TRUE(cache.Insert("k3", {Source("a", 1, 1)}, Rows(10)));
  ASSERT_NE(cache.Lookup("k1"), nullptr);  // k2 is now the least recently used
  ASSERT_TRUE(cache.Insert("k4", {Source("a", 1, 1)}, Rows(10)));
  EXPECT_EQ(cache.Lookup("k2"), nullptr);
  EXPECT_NE(cache.Lookup("k1"), nullptr);
  EXPECT_NE(cache.Lookup("k4"), nullptr);
  EXPECT_LE(cache.bytes(), 3 * one);
  EXPECT_FALSE(cache.Insert("big", {Source("a", 1, 1)}, Rows(11)));  // over max_result_bytes
  cache.TrimTo(one);                                                 // the hot cache needs the room
  EXPECT_EQ(cache.Stats().entries, 1);
  EXPECT_NE(cache.Lookup("k4"), nullptr);
  cache.TrimTo(0);
  EXPECT_EQ(cache.bytes(), 0);
}

TEST(ResultCacheTest, ZeroBudgetIsOff) {
  ResultCache off(0, 1 << 20);
  EXPECT_FALSE(off.enabled());
  EXPECT_FALSE(off.Insert("k", {Source("a", 1, 1)}, Rows(1)));
  EXPECT_FALSE(off.Stats().enabled);
}

}  // namespace
}  // namespace lakehouse
