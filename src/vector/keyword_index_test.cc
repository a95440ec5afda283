// KeywordIndex (the BM25 store: adds, updates, deletes, the applied part, reopening, rebuilds) and
// reciprocal rank fusion.
#include "vector/keyword_index.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "sql/sql_test_util.h"
#include "vector/index_generation.h"
#include "vector/search_mode.h"
#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

std::set<uint64_t> Labels(const std::vector<KeywordHit>& hits) {
  std::set<uint64_t> out;
  for (const KeywordHit& h : hits) out.insert(h.label);
  return out;
}

class KeywordIndexTest : public ::testing::Test {
 protected:
  std::unique_ptr<KeywordIndex> Open() {
    Result<std::unique_ptr<KeywordIndex>> index = KeywordIndex::Open(dir_.path().string());
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(*index) : nullptr;
  }
  std::set<uint64_t> Find(KeywordIndex& index, std::string_view query, int32_t limit = 100) {
    Result<std::vector<KeywordHit>> hits = index.Search(query, limit);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    return hits.ok() ? Labels(*hits) : std::set<uint64_t>{};
  }

  testing::TempDir dir_;
};

TEST_F(KeywordIndexTest, AddsUpdatesAndDeletesFollowTheBatches) {
  auto index = Open();
  ASSERT_TRUE(index);
  const std::vector<KeywordChunk> adds = {{1, "a", "The quick brown fox jumps"},
                                          {2, "a", "over the lazy dog"},
                                          {3, "b", "A zeppelin over the harbour"},
                                          {4, "c", "Foxes and dogs, running"}};
  LH_ASSERT_OK(index->Apply(1, {}, {}, adds));
  EXPECT_EQ(index->applied_seq(), 1);
  EXPECT_EQ(index->chunk_count(), 4);
  EXPECT_EQ(Find(*index, "zeppelin"), (std::set<uint64_t>{3}));
  EXPECT_EQ(Find(*index, "fox"), (std::set<uint64_t>{1, 4}));     // stemmed: foxes → fox
  EXPECT_EQ(Find(*index, "DOG!"), (std::set<uint64_t>{2, 4}));    // case and punctuation
  EXPECT_EQ(Find(*index, "the"), (std::set<uint64_t>{1, 2, 3}));  // only stopwords: kept

  // Update: label 3 gets new text (a removed chunk and a new one at a new label).
  const std::vector<uint64_t> removes = {3};
  const std::vector<KeywordChunk> changed = {{5, "b", "An airship over the harbour"}};
  LH_ASSERT_OK(index->Apply(2, {}, removes, changed));
  EXPECT_TRUE(Find(*index, "zeppelin").empty());
  EXPECT_EQ(Find(*index, "airship"), (std::set<uint64_t>{5}));
  // Re-adding an existing label replaces its text (a replayed part is idempotent).
  LH_ASSERT_OK(index->Apply(2, {}, removes, changed));
  EXPECT_EQ(index->chunk_count(), 4);

  // Dropping a document removes every chunk of it.
  const std::vector<std::string> drops = {"a"};
  LH_ASSERT_OK(index->Apply(3, drops, {}, {}));
  EXPECT_TRUE(Find(*index, "lazy").empty());
  EXPECT_EQ(Find(*index, "fox"), (std::set<uint64_t>{4}));
  EXPECT_EQ(index->chunk_count(), 2);

  // Everything, and the applied part, survives reopening.
  index.reset();
  index = Open();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->applied_seq(), 3);
  EXPECT_EQ(Find(*index, "airship harbour"), (std::set<uint64_t>{5}));
  EXPECT_TRUE(Find(*index, "lazy").empty());
}

TEST_F(KeywordIndexTest, RanksByBm25AndRebuildReplacesEverything) {
  auto index = Open();
  ASSERT_TRUE(index);
  const std::vector<KeywordChunk> adds = {{1, "a", "river river river bank"},
                                          {2, "b", "a river and many other words in this text"},
                                          {3, "c", "no match here"}};
  LH_ASSERT_OK(index->Apply(1, {}, {}, adds));
  LH_ASSERT_OK_AND_ASSIGN(std::vector<KeywordHit> hits, index->Search("river", 10));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].label, 1u);
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_GT(hits[1].score, 0);
  LH_ASSERT_OK_AND_ASSIGN(hits, index->Search("river", 1));
  EXPECT_EQ(hits.size(), 1u);
  LH_ASSERT_OK_AND_ASSIGN(hits, index->Search("  ,;  ", 10));
  EXPECT_TRUE(hits.empty());

  const std::vector<KeywordChunk> fresh = {{9, "z", "only this remains"}};
  LH_ASSERT_OK(index->Rebuild(7, fresh));
  EXPECT_EQ(index->applied_seq(), 7);
  EXPECT_TRUE(Find(*index, "river").empty());
  EXPECT_EQ(Find(*index, "remains"), (std::set<uint64_t>{9}));
}

TEST(KeywordMatchExpressionTest, QuotesWordsDropsStopwordsAndNeutralisesSyntax) {
  EXPECT_EQ(KeywordIndex::MatchExpression("the zeppelin of Hindenburg"),
            "\"zeppelin\" OR \"Hindenburg\"");
  // FTS5 operators and quotes in the text are just separators or words.
  EXPECT_EQ(KeywordIndex::MatchExpression("NEAR(\"a b\") AND x* -y"),
            "\"NEAR\" OR \"b\" OR \"x\" OR \"y\"");
  EXPECT_EQ(KeywordIndex::MatchExpression("to be or not"), "\"to\" OR \"be\" OR \"or\" OR \"not\"");
  EXPECT_EQ(KeywordIndex::MatchExpression(" !? "), "");
  EXPECT_EQ(KeywordIndex::MatchExpression("café"), "\"café\"");
}

// The generation keeps its keyword index in step with its parts across crashes.
class GenerationKeywordTest : public testing::SqlTest {
 protected:
  GenerationOptions Options() const {
    GenerationOptions options;
    options.dir = dir_.File("g1");
    return options;
  }
  IndexBatch Adds(int begin, int end) const {
    IndexBatch batch;
    for (int i = begin; i < end; ++i) {
      const std::string doc = "doc-" + std::to_string(i);
      batch.docs.push_back({doc, "h"});
      batch.adds.push_back({static_cast<uint64_t>(i), doc, 0, "word" + std::to_string(i) + " text",
                            "c", "h", std::vector<float>(4, 0.5f + static_cast<float>(i))});
    }
    return batch;
  }
  std::set<std::string> Keyword(const IndexGeneration& gen, const std::string& query) {
    Result<std::vector<ChunkHit>> hits = gen.KeywordSearch(query, 100, nullptr);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::set<std::string> out;
    if (hits.ok()) {
      for (const ChunkHit& h : *hits) out.insert(h.chunk.doc_id);
    }
    return out;
  }
  testing::TempDir dir_;
};

TEST_F(GenerationKeywordTest, OpenReplaysPartsTheKeywordIndexMissed) {
  {
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
    LH_ASSERT_OK(gen->WritePart(1, Adds(0, 3), &*conn_));
    LH_ASSERT_OK(gen->Apply(Adds(0, 3), 1));
    // Part 2 is written and recorded, then the process dies before applying it.
    IndexBatch second = Adds(3, 5);
    second.drops.push_back("doc-0");
    LH_ASSERT_OK(gen->WritePart(2, second, &*conn_));
    EXPECT_EQ(Keyword(*gen, "word3"), std::set<std::string>{});
  }
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 2, 0, &*conn_));
  EXPECT_EQ(Keyword(*gen, "word3"), std::set<std::string>{"doc-3"});
  EXPECT_EQ(Keyword(*gen, "word0"), std::set<std::string>{});
  EXPECT_EQ(Keyword(*gen, "text").size(), 4u);
}

TEST_F(GenerationKeywordTest, AKeywordIndexAheadOfTheRegistryOrUnreadableIsRebuilt) {
  {
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
    LH_ASSERT_OK(gen->WritePart(1, Adds(0, 3), &*conn_));
    LH_ASSERT_OK(gen->Apply(Adds(0, 3), 1));
    // Applied to the keyword index as part 2, but the registry never recorded part 2.
    LH_ASSERT_OK(gen->Apply(Adds(3, 5), 2));
  }
  {
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 1, 0, &*conn_));
    EXPECT_EQ(Keyword(*gen, "word4"), std::set<std::string>{});
    EXPECT_EQ(Keyword(*gen, "text").size(), 3u);
  }
  // A file that is not a keyword index at all.
  KeywordIndex::Remove(Options().dir);
  {
    std::FILE* f = std::fopen((Options().dir + "/" + KeywordIndex::kFileName).c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("garbage, not SQLite", f);
    std::fclose(f);
  }
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 1, 0, &*conn_));
  EXPECT_EQ(Keyword(*gen, "word1"), std::set<std::string>{"doc-1"});
}

ChunkHit Hit(uint64_t label, float score = 0) {
  return ChunkHit{label, score, ChunkRecord{"doc-" + std::to_string(label), 0, "", ""}};
}

std::vector<uint64_t> Order(const std::vector<ChunkHit>& hits) {
  std::vector<uint64_t> out;
  for (const ChunkHit& h : hits) out.push_back(h.label);
  return out;
}

TEST(ReciprocalRankFusionTest, ScoresAreWeightedSumsOfInverseRanks) {
  const std::vector<ChunkHit> by_vector = {Hit(1), Hit(2), Hit(3)};
  const std::vector<ChunkHit> by_keyword = {Hit(3), Hit(4)};
  HybridOptions options;  // k = 60, weights 1
  options.fusion = HybridFusion::kRrf;
  EXPECT_EQ(Order(FuseHybrid(by_vector, by_keyword, options, 10)),
            (std::vector<uint64_t>{3, 1, 2, 4}));
  std::vector<ChunkHit> fused = FuseReciprocalRank(by_vector, by_keyword, options, 10);
  // 3: 1/63 + 1/61; 1: 1/61; 4: 1/62; 2: 1/62 (ties → smaller label).
  EXPECT_EQ(Order(fused), (std::vector<uint64_t>{3, 1, 2, 4}));
  EXPECT_FLOAT_EQ(fused[0].score, static_cast<float>(1.0 / 63 + 1.0 / 61));
  EXPECT_FLOAT_EQ(fused[1].score, static_cast<float>(1.0 / 61));
  EXPECT_EQ(fused[0].chunk.doc_id, "doc-3");

  EXPECT_EQ(Order(FuseReciprocalRank(by_vector, by_keyword, options, 2)),
            (std::vector<uint64_t>{3, 1}));
  options.vector_weight = 0;
  EXPECT_EQ(Order(FuseReciprocalRank(by_vector, by_keyword, options, 10)),
            (std::vector<uint64_t>{3, 4}));
  options.vector_weight = 1;
  options.keyword_weight = 3;
  EXPECT_EQ(Order(FuseReciprocalRank(by_vector, by_keyword, options, 10)).front(), 3u);
  EXPECT_EQ(Order(FuseReciprocalRank(by_vector, by_keyword, options, 10))[1], 4u);
  EXPECT_TRUE(FuseReciprocalRank({}, {}, options, 10).empty());
}

// DBSF: each list rescaled by its own spread. Vector scores 0.9, 0.8, 0.7 (mean 0.8, sd 0.0816)
// → 0.70, 0.50, 0.30; keyword scores 12, 3, 2, 1 (an outlier first; mean 4.5, sd 4.39) → 0.78,
// 0.44, 0.41, 0.37.
TEST(DistributionBasedFusionTest, ScoresAreRescaledByEachListsSpread) {
  const std::vector<ChunkHit> by_vector = {Hit(1, 0.9f), Hit(2, 0.8f), Hit(3, 0.7f)};
  const std::vector<ChunkHit> by_keyword = {Hit(4, 12), Hit(3, 3), Hit(5, 2), Hit(6, 1)};
  HybridOptions options;
  EXPECT_EQ(options.fusion, HybridFusion::kDbsf);  // the default
  std::vector<ChunkHit> fused = FuseHybrid(by_vector, by_keyword, options, 10);
  // 4 (a keyword landslide) first; 3 (in both lists) next; then 1, 2, 5, 6.
  EXPECT_EQ(Order(fused), (std::vector<uint64_t>{4, 3, 1, 2, 5, 6}));
  const double sd = std::sqrt(2.0 / 300.0);
  EXPECT_NEAR(fused[2].score, (0.9 - (0.8 - 3 * sd)) / (6 * sd), 1e-5);
  for (size_t i = 1; i < fused.size(); ++i) EXPECT_GE(fused[i - 1].score, fused[i].score);
  // RRF sees only ranks: the keyword landslide and the vector top tie, and 3 (in both) wins.
  options.fusion = HybridFusion::kRrf;
  EXPECT_EQ(Order(FuseHybrid(by_vector, by_keyword, options, 10)).front(), 3u);
  // A list of one hit, or of equal scores, scores 0.5; an empty list adds nothing.
  options.fusion = HybridFusion::kDbsf;
  fused = FuseHybrid({Hit(7, 0.3f)}, {}, options, 10);
  ASSERT_EQ(fused.size(), 1u);
  EXPECT_FLOAT_EQ(fused[0].score, 0.5f);
  options.vector_weight = 0;
  EXPECT_EQ(Order(FuseHybrid(by_vector, by_keyword, options, 10)),
            (std::vector<uint64_t>{4, 3, 5, 6}));
  EXPECT_TRUE(FuseHybrid({}, {}, options, 10).empty());
  EXPECT_EQ(*ParseHybridFusion("rrf"), HybridFusion::kRrf);
  EXPECT_EQ(ParseHybridFusion("linear").status().code(), StatusCode::kInvalidArgument);
}

// A list that is sure of its answer keeps its margin: a BM25 landslide (one hit 100, the other 49
// at 1, so 7 sd above the mean) scales to (7 + 3) / 6 = 1.67, not 1, and beats a chunk that tops
// a flat vector list (evenly spread scores, its top 1.7 sd up: 0.78) and matches the keywords
// loosely (0.48). Capped at 1, the landslide lost to it (1.26 against 1.00), which is how hybrid
// MRR fell below BM25's on the truncated real-data queries (docs/PERFORMANCE.md).
TEST(DistributionBasedFusionTest, ALandslideIsNotCappedAtOne) {
  std::vector<ChunkHit> by_vector, by_keyword;
  for (uint64_t i = 0; i < 50; ++i) by_vector.push_back(Hit(100 + i, 0.9f - 0.01f * i));
  by_keyword.push_back(Hit(7, 100));
  by_keyword.push_back(Hit(100, 1));  // the vector top, a loose keyword match
  for (uint64_t i = 0; i < 48; ++i) by_keyword.push_back(Hit(200 + i, 1));
  std::vector<ChunkHit> fused = FuseHybrid(by_vector, by_keyword, HybridOptions{}, 10);
  ASSERT_EQ(fused.size(), 10u);
  EXPECT_EQ(fused[0].label, 7u);
  EXPECT_NEAR(fused[0].score, 10.0 / 6.0, 1e-3);
  EXPECT_EQ(fused[1].label, 100u);
  const double vector_z = 0.245 / (0.01 * std::sqrt(2499.0 / 12));  // top of 0.90 … 0.41
  const double keyword_sd = std::sqrt((100.0 * 100 + 49) / 50 - 2.98 * 2.98);
  EXPECT_NEAR(fused[1].score, (vector_z + 3) / 6 + (1 - (2.98 - 3 * keyword_sd)) / (6 * keyword_sd),
              1e-4);
  // Below mean - 3 sd a score floors at 0: it never counts against a chunk.
  const std::vector<ChunkHit> low = {Hit(1, 10), Hit(2, 10),  Hit(3, 10),    Hit(4, 10),
                                     Hit(5, 10), Hit(6, 10),  Hit(7, 10),    Hit(8, 10),
                                     Hit(9, 10), Hit(10, 10), Hit(11, -1000)};
  fused = FuseDistributionBased(low, {}, HybridOptions{}, 20);
  ASSERT_EQ(fused.size(), 11u);
  EXPECT_EQ(fused.back().label, 11u);
  EXPECT_GE(fused.back().score, 0.0f);
}

TEST(ReciprocalRankFusionTest, OptionsAndModesAreValidated) {
  HybridOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.rrf_k = 0;
  EXPECT_EQ(options.Validate().code(), StatusCode::kInvalidArgument);
  options.rrf_k = 60;
  options.vector_weight = 0;
  options.keyword_weight = 0;
  EXPECT_EQ(options.Validate().code(), StatusCode::kInvalidArgument);
  options.keyword_weight = -1;
  EXPECT_EQ(options.Validate().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseSearchMode("hybrid"), SearchMode::kHybrid);
  Result<SearchMode> bad = ParseSearchMode("fuzzy");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'fuzzy'"), std::string::npos);
}

}  // namespace
}  // namespace lakehouse
