#include "vector/recall_tuner.h"

#include <gtest/gtest.h>

#include <memory>

#include "vector/exact_index.h"
#include "vector/hnsw_index.h"
#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

using testing::Labels;
using testing::RandomVectors;

// Uniform random vectors in 48 dimensions under a sparse graph (m 4, ef_construction 16): a set
// on which HNSW at a small ef_search misses much of the exact top 10, so the ladder matters.
class RecallTunerTest : public ::testing::Test {
 protected:
  static constexpr size_t kCount = 3000;
  static constexpr size_t kDims = 48;

  void SetUp() override {
    HnswOptions hnsw;
    hnsw.dimensions = kDims;
    hnsw.m = 4;
    hnsw.ef_construction = 16;
    hnsw.ef_search = 10;
    hnsw_ = std::move(HnswIndex::Create(hnsw)).value();
    ExactIndexOptions exact;
    exact.dimensions = kDims;
    exact_ = std::move(ExactIndex::Create(exact)).value();
    const auto vectors = RandomVectors(kCount, kDims, 7);
    for (size_t i = 0; i < vectors.size(); ++i) {
      ASSERT_TRUE(hnsw_->Add(i, vectors[i]).ok());
      ASSERT_TRUE(exact_->Add(i, vectors[i]).ok());
    }
    probe_.exact = [this](std::span<const float> q, int32_t k) -> Result<std::vector<uint64_t>> {
      LH_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, exact_->Search(q, k));
      return Labels(hits);
    };
    probe_.approximate = [this](std::span<const float> q, int32_t k,
                                int32_t ef) -> Result<std::vector<uint64_t>> {
      LH_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, hnsw_->Search(q, k, ef));
      return Labels(hits);
    };
  }

  static std::vector<RecallQuery> FreshQueries(size_t n, uint64_t seed) {
    std::vector<RecallQuery> out;
    for (auto& v : RandomVectors(n, kDims, seed)) out.push_back({std::move(v), std::nullopt});
    return out;
  }

  std::unique_ptr<HnswIndex> hnsw_;
  std::unique_ptr<ExactIndex> exact_;
  RecallProbe probe_;
};

TEST_F(RecallTunerTest, ChoosesTheSmallestEfThatReachesTheTarget) {
  const auto queries = FreshQueries(100, 11);
  RecallTunerOptions options;
  options.target_recall = 0.95;
  options.compare_latency = false;
  auto m = MeasureRecall(probe_, queries, options);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->strategy, SearchStrategy::kHnsw);
  ASSERT_GE(m->trials.size(), 2u) << "the smallest rung must not already reach 0.95 here";
  EXPECT_LT(m->trials.front().recall, 0.9) << "HNSW at ef 16 is poor on this set";
  EXPECT_EQ(m->ef_search, m->trials.back().ef_search);
  EXPECT_GE(m->measured, 0.95);
  for (size_t i = 0; i + 1 < m->trials.size(); ++i) EXPECT_LT(m->trials[i].recall, 0.95);
  EXPECT_EQ(m->sample_queries, 100);
  // Independent check of the claim: fresh queries at the chosen ef reach close to the target.
  const auto check = FreshQueries(100, 12);
  auto truth = ExactTruth(probe_, check, 10, nullptr);
  ASSERT_TRUE(truth.ok());
  auto trial = RunEfTrial(probe_, check, *truth, 10, m->ef_search);
  ASSERT_TRUE(trial.ok());
  EXPECT_GE(trial->recall, 0.92);
}

TEST_F(RecallTunerTest, IsDeterministic) {
  const auto queries = FreshQueries(60, 21);
  RecallTunerOptions options;
  options.compare_latency = false;
  auto a = MeasureRecall(probe_, queries, options);
  auto b = MeasureRecall(probe_, queries, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->ef_search, b->ef_search);
  ASSERT_EQ(a->trials.size(), b->trials.size());
  for (size_t i = 0; i < a->trials.size(); ++i) EXPECT_EQ(a->trials[i].recall, b->trials[i].recall);
}

TEST_F(RecallTunerTest, FallsBackToExactWhenNoRungReachesTheTarget) {
  const auto queries = FreshQueries(50, 31);
  RecallTunerOptions options;
  options.target_recall = 1.0;
  options.ef_ladder = {10, 12};
  options.compare_latency = false;
  auto m = MeasureRecall(probe_, queries, options);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->strategy, SearchStrategy::kExact);
  EXPECT_EQ(m->measured, 1.0);
  EXPECT_EQ(m->trials.size(), 2u);
  EXPECT_LT(m->trials.back().recall, 1.0);
}

TEST_F(RecallTunerTest, AStoredVectorAsQueryDoesNotCountItself) {
  std::vector<RecallQuery> queries;
  for (uint64_t label : {3u, 500u, 2999u}) {
    auto v = exact_->Get(label);
    ASSERT_TRUE(v.ok());
    queries.push_back({*v, label});
  }
  auto truth = ExactTruth(probe_, queries, 10, nullptr);
  ASSERT_TRUE(truth.ok());
  for (size_t q = 0; q < queries.size(); ++q) {
    EXPECT_EQ((*truth)[q].size(), 10u);
    for (uint64_t label : (*truth)[q]) EXPECT_NE(label, *queries[q].exclude_label);
  }
}

TEST_F(RecallTunerTest, RejectsBadOptions) {
  const auto queries = FreshQueries(5, 41);
  RecallTunerOptions options;
  options.target_recall = 0;
  EXPECT_EQ(MeasureRecall(probe_, queries, options).status().code(), StatusCode::kInvalidArgument);
  options.target_recall = 1.5;
  EXPECT_EQ(MeasureRecall(probe_, queries, options).status().code(), StatusCode::kInvalidArgument);
  options.target_recall = 0.9;
  EXPECT_EQ(MeasureRecall(probe_, {}, options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(RecallTunerTest, StopsWhenCancelled) {
  const auto queries = FreshQueries(20, 51);
  RecallTunerOptions options;
  int asked = 0;
  options.check_cancelled = [&asked]() -> Status {
    return ++asked > 2 ? Cancelled("shutting down") : Status::Ok();
  };
  auto m = MeasureRecall(probe_, queries, options);
  EXPECT_EQ(m.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(asked, 3) << "asked before the second exact pass and before each rung";
}

TEST(RecallAtKTest, CountsTheOverlapPerQuery) {
  EXPECT_DOUBLE_EQ(RecallAtK({{1, 2, 3, 4}, {9, 8}}, {{1, 2, 5, 6}, {8, 9}}), (0.5 + 1.0) / 2);
  EXPECT_DOUBLE_EQ(RecallAtK({{}}, {{}}), 1.0);
  EXPECT_DOUBLE_EQ(Quantile({5, 1, 3, 2, 4}, 0.5), 3);
  EXPECT_DOUBLE_EQ(Quantile({5, 1, 3, 2, 4}, 0.99), 5);
}

TEST(RecallMeasurementTest, RoundTripsThroughJson) {
  RecallMeasurement m;
  m.measured = 0.9612;
  m.target = 0.97;
  m.ef_search = 192;
  m.strategy = SearchStrategy::kExact;
  m.sample_queries = 200;
  m.measured_at = 1'700'000'000'000'000;
  m.chunk_count = 4321;
  m.trials = {{64, 0.9, 10, 20, 30}, {192, 0.9612, 15, 25, 35}};
  auto back = RecallMeasurement::FromJson(m.ToJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToJson(), m.ToJson());
  EXPECT_FALSE(RecallMeasurement::FromJson(Json{{"strategy", "fast"}}).ok());
}

}  // namespace
}  // namespace lakehouse
