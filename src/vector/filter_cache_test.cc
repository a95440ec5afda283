// FilterCache: entries per (dataset, version, id column, filter), LRU bounds, and the label slot
// that follows an index generation's publishes.
#include "vector/filter_cache.h"

#include <gtest/gtest.h>

#include "sql/sql_test_util.h"
#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

FilterKey Key(int64_t version, const std::string& filter, const std::string& id = "id") {
  return FilterKey{"ds-1", version, id, filter};
}

TEST(FilterCacheTest, KeysSeparateVersionsColumnsAndFilters) {
  FilterCache cache;
  EXPECT_EQ(cache.Find(Key(1, "a = 1")), nullptr);
  cache.Insert(Key(1, "a = 1"), {"1", "2"});
  ASSERT_NE(cache.Find(Key(1, "a = 1")), nullptr);
  EXPECT_EQ(cache.Find(Key(1, "a = 1"))->docs().size(), 2u);
  EXPECT_EQ(cache.Find(Key(2, "a = 1")), nullptr);           // a new dataset version
  EXPECT_EQ(cache.Find(Key(1, "a = 1", "other")), nullptr);  // another id column
  EXPECT_EQ(cache.Find(Key(1, "a = 2")), nullptr);
  EXPECT_EQ(cache.Find(FilterKey{"ds-2", 1, "id", "a = 1"}), nullptr);
  // No separator ambiguity between the id column and the filter.
  cache.Insert(FilterKey{"ds-1", 1, "ab", "c"}, {"x"});
  EXPECT_EQ(cache.Find(FilterKey{"ds-1", 1, "a", "bc"}), nullptr);
  // Re-inserting replaces.
  cache.Insert(Key(1, "a = 1"), {"3"});
  EXPECT_EQ(cache.Find(Key(1, "a = 1"))->docs(), (std::unordered_set<std::string>{"3"}));
  EXPECT_EQ(cache.docs(), 2u);
}

TEST(FilterCacheTest, EvictsLeastRecentlyUsedPastItsBounds) {
  FilterCache cache;
  for (size_t i = 0; i <= FilterCache::kMaxEntries; ++i) {
    cache.Insert(Key(1, "f" + std::to_string(i)), {"d"});
    if (i == 0) continue;
    ASSERT_NE(cache.Find(Key(1, "f0")), nullptr);  // kept in use: never the victim
  }
  EXPECT_EQ(cache.size(), FilterCache::kMaxEntries);
  EXPECT_NE(cache.Find(Key(1, "f0")), nullptr);
  EXPECT_EQ(cache.Find(Key(1, "f1")), nullptr);
}

class FilterLabelsTest : public testing::SqlTest {};

TEST_F(FilterLabelsTest, LabelsFollowTheGenerationsPublishes) {
  testing::TempDir dir;
  GenerationOptions options;
  options.dir = dir.File("g");
  LH_ASSERT_OK_AND_ASSIGN(std::shared_ptr<IndexGeneration> gen,
                          IndexGeneration::Open(options, 0, 0, &*conn_));
  const std::vector<std::vector<float>> vectors = testing::RandomVectors(10, 8, 3);
  auto add = [&](int i, uint64_t label) {
    IndexBatch batch;
    const std::string doc = "doc-" + std::to_string(i);
    batch.adds.push_back({label, doc, 0, "t", "c", "h", vectors[static_cast<size_t>(i)]});
    LH_ASSERT_OK(gen->Apply(batch));
  };
  add(0, 10);
  add(1, 11);
  std::shared_ptr<const IndexGeneration> shared = gen;
  ResolvedFilter filter({"doc-1", "doc-2"});
  auto labels = filter.Labels(shared);
  EXPECT_EQ(*labels, std::vector<uint64_t>{11});
  EXPECT_EQ(filter.Labels(shared), labels);  // cached: the same set
  // doc-2 gets a chunk: the next call sees it.
  add(2, 12);
  EXPECT_EQ(*filter.Labels(shared), (std::vector<uint64_t>{11, 12}));
  LH_ASSERT_OK_AND_ASSIGN(auto hits,
                          shared->SearchAmong(vectors[2], 5, false, *filter.Labels(shared)));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].chunk.doc_id, "doc-2");
}

}  // namespace
}  // namespace lakehouse
