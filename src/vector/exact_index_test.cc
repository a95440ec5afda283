#include "vector/exact_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "vector/vector_ops.h"
#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

using testing::Labels;

std::unique_ptr<ExactIndex> MakeIndex(int32_t dims, bool normalize = true) {
  auto index = ExactIndex::Create({.dimensions = dims, .normalize = normalize});
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return std::move(index).value();
}

std::vector<float> Normalized(std::vector<float> v) {
  NormalizeL2(v);
  return v;
}

// Scalar reference: every candidate's cosine in double precision, fully sorted.
std::vector<SearchHit> NaiveTopK(const std::vector<std::vector<float>>& data,
                                 const std::vector<uint64_t>& labels,
                                 const std::vector<float>& query, size_t k) {
  const std::vector<float> q = Normalized(query);
  std::vector<SearchHit> all;
  for (size_t i = 0; i < data.size(); ++i) {
    const std::vector<float> v = Normalized(data[i]);
    double s = 0;
    for (size_t d = 0; d < q.size(); ++d) s += static_cast<double>(q[d]) * v[d];
    all.push_back({labels[i], static_cast<float>(s)});
  }
  std::sort(all.begin(), all.end(), RanksBefore);
  all.resize(std::min(k, all.size()));
  return all;
}

TEST(ExactIndexTest, MatchesNaiveReferenceOnRandomData) {
  const size_t n = 3000, dims = 50;  // 50 is not a multiple of 8 or 16: padding and tails
  const auto data = testing::RandomVectors(n, dims, 7);
  std::vector<uint64_t> labels;
  auto index = MakeIndex(dims);
  for (size_t i = 0; i < n; ++i) {
    labels.push_back(1000 + i * 7);
    ASSERT_TRUE(index->Add(labels.back(), data[i]).ok());
  }
  for (const auto& query : testing::RandomVectors(20, dims, 8)) {
    auto hits = index->Search(query, 10);
    ASSERT_TRUE(hits.ok());
    const auto expected = NaiveTopK(data, labels, query, 10);
    EXPECT_EQ(Labels(*hits), Labels(expected));
    for (size_t i = 0; i < hits->size(); ++i)
      EXPECT_NEAR((*hits)[i].score, expected[i].score, 1e-5);
  }
}

TEST(ExactIndexTest, OrderingTiesAndK) {
  auto index = MakeIndex(4);
  const std::vector<float> same = {1, 2, 3, 4};
  for (uint64_t label : {5, 3, 9, 1}) ASSERT_TRUE(index->Add(label, same).ok());
  ASSERT_TRUE(index->Add(7, std::vector<float>{-1, -2, -3, -4}).ok());

  auto top2 = index->Search(same, 2);
  ASSERT_TRUE(top2.ok());
  EXPECT_EQ(Labels(*top2), (std::vector<uint64_t>{1, 3}));
  EXPECT_NEAR((*top2)[0].score, 1.0f, 1e-6);

  auto all = index->Search(same, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Labels(*all), (std::vector<uint64_t>{1, 3, 5, 9, 7}));
  EXPECT_NEAR(all->back().score, -1.0f, 1e-6);

  EXPECT_TRUE(index->Search(same, 0)->empty());
  EXPECT_EQ(index->Search(same, -1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->Search(std::vector<float>{1, 2}, 1).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ExactIndexTest, EmptyIndexReturnsNothing) {
  auto index = MakeIndex(8);
  auto hits = index->Search(std::vector<float>(8, 1.0f), 5);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

TEST(ExactIndexTest, FilteredSearchScansOnlyAllowedLabels) {
  const size_t n = 500, dims = 24;
  const auto data = testing::RandomVectors(n, dims, 11);
  auto index = MakeIndex(dims);
  for (size_t i = 0; i < n; ++i) ASSERT_TRUE(index->Add(i, data[i]).ok());

  std::vector<uint64_t> allowed;
  std::vector<std::vector<float>> allowed_data;
  for (uint64_t label = 3; label < n; label += 37) {
    allowed.push_back(label);
    allowed_data.push_back(data[label]);
  }
  std::vector<uint64_t> request = allowed;
  request.push_back(allowed[0]);  // duplicate: counted once
  request.push_back(123456);      // unknown: ignored
  const auto query = testing::RandomVectors(1, dims, 12)[0];
  auto hits = index->SearchAmong(query, 5, request);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(Labels(*hits), Labels(NaiveTopK(allowed_data, allowed, query, 5)));

  auto everything = index->SearchAmong(query, 100, request);
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->size(), allowed.size());
  EXPECT_TRUE(index->SearchAmong(query, 5, std::vector<uint64_t>{})->empty());
}

TEST(ExactIndexTest, RemoveAndReplaceKeepLabelsConsistent) {
  const size_t n = 300, dims = 16;
  const auto data = testing::RandomVectors(n, dims, 21);
  auto index = MakeIndex(dims);
  for (size_t i = 0; i < n; ++i) ASSERT_TRUE(index->Add(i, data[i]).ok());

  for (uint64_t label = 0; label < n; label += 3) ASSERT_TRUE(index->Remove(label).ok());
  EXPECT_EQ(index->size(), n - 100);
  EXPECT_EQ(index->Remove(0).code(), StatusCode::kNotFound);
  EXPECT_FALSE(index->Contains(0));

  // Every survivor is still found under its own label (swap-remove kept the maps consistent).
  for (uint64_t label = 0; label < n; ++label) {
    auto hits = index->Search(data[label], 1);
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 1u);
    if (label % 3 == 0) {
      EXPECT_NE((*hits)[0].label, label);
    } else {
      EXPECT_EQ((*hits)[0].label, label);
      EXPECT_NEAR((*hits)[0].score, 1.0f, 1e-5);
    }
  }

  ASSERT_TRUE(index->Replace(1, data[0]).ok());
  EXPECT_EQ((*index->Search(data[0], 1))[0].label, 1u);
  EXPECT_EQ(index->Replace(0, data[0]).code(), StatusCode::kNotFound);
  EXPECT_EQ(index->Add(1, data[1]).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(index->Upsert(0, data[0]).ok());
  ASSERT_TRUE(index->Upsert(0, data[3]).ok());
  EXPECT_EQ((*index->Search(data[3], 1))[0].label, 0u);
}

TEST(ExactIndexTest, RawInnerProductWithoutNormalisation) {
  auto index = MakeIndex(2, /*normalize=*/false);
  ASSERT_TRUE(index->Add(1, std::vector<float>{2, 0}).ok());
  ASSERT_TRUE(index->Add(2, std::vector<float>{0, 10}).ok());
  auto hits = index->Search(std::vector<float>{1, 1}, 2);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(Labels(*hits), (std::vector<uint64_t>{2, 1}));
  EXPECT_FLOAT_EQ((*hits)[0].score, 10.0f);
}

TEST(FlatMatrixTest, RowsStayAlignedAndPaddedThroughGrowth) {
  FlatMatrix matrix(20);
  EXPECT_EQ(matrix.stride(), 32u);
  const std::vector<float> v(20, 1.0f);
  for (uint64_t i = 0; i < 1000; ++i) ASSERT_TRUE(matrix.Add(i, v).ok());
  EXPECT_GE(matrix.capacity(), 1000u);
  for (size_t r = 0; r < matrix.size(); ++r) {
    EXPECT_EQ(reinterpret_cast<uintptr_t>(matrix.row(r)) % 64, 0u);
    EXPECT_EQ(matrix.row(r)[20], 0.0f);
    EXPECT_EQ(matrix.row(r)[31], 0.0f);
  }
  ASSERT_TRUE(matrix.Remove(0).ok());
  EXPECT_EQ(matrix.label_at(0), 999u);
  EXPECT_EQ(*matrix.RowOf(999), 0u);
}

TEST(ExactIndexTest, ParallelScanMatchesSingleThreaded) {
  const size_t dims = 64, n = ExactIndex::kParallelScanMinFloats / dims + 1000;
  const auto data = testing::RandomVectors(n, dims, 3);
  auto single = MakeIndex(dims);
  auto parallel = ExactIndex::Create({.dimensions = dims, .search_threads = 3});
  ASSERT_TRUE(parallel.ok());
  for (size_t i = 0; i < n; ++i) {
    ASSERT_TRUE(single->Add(i, data[i]).ok());
    ASSERT_TRUE((*parallel)->Add(i, data[i]).ok());
  }
  for (const auto& q : testing::RandomVectors(3, dims, 4)) {
    EXPECT_EQ(*single->Search(q, 25), *(*parallel)->Search(q, 25));
  }
}

// The first pass scans half-precision copies; rows that differ by less than a half can resolve
// must still come back in their exact float order.
TEST(ExactIndexTest, RowsCloserThanHalfPrecisionKeepTheirExactOrder) {
  const size_t dims = 64;
  auto index = MakeIndex(dims, /*normalize=*/false);
  std::vector<float> base(dims, 0.25f);
  std::vector<std::vector<float>> data;
  std::vector<uint64_t> labels;
  for (uint64_t i = 0; i < 200; ++i) {
    std::vector<float> v = base;
    v[i % dims] += static_cast<float>(i) * 1e-6f;  // far below half's 2^-13 step near 0.25
    data.push_back(v);
    labels.push_back(i);
    ASSERT_TRUE(index->Add(i, v).ok());
  }
  for (const auto& noise : testing::RandomVectors(5, dims, 11)) {
    std::vector<float> query = base;
    for (size_t d = 0; d < dims; ++d) query[d] += 0.01f * noise[d];
    auto hits = index->Search(query, 10);
    ASSERT_TRUE(hits.ok());
    std::vector<SearchHit> expected;
    for (size_t i = 0; i < data.size(); ++i) {
      expected.push_back({labels[i], DotProduct(query.data(), data[i].data(), dims)});
    }
    std::sort(expected.begin(), expected.end(), RanksBefore);
    expected.resize(10);
    EXPECT_EQ(Labels(*hits), Labels(expected));
  }
}

// Values beyond half's range (65504) have no usable half copy: such rows are always re-scored.
TEST(ExactIndexTest, ValuesBeyondHalfRangeAreScoredExactly) {
  auto index = MakeIndex(4, /*normalize=*/false);
  ASSERT_TRUE(index->Add(1, std::vector<float>{1e6f, 0, 0, 0}).ok());
  ASSERT_TRUE(index->Add(2, std::vector<float>{1, 1, 1, 1}).ok());
  ASSERT_TRUE(index->Add(3, std::vector<float>{-1e6f, 0, 0, 0}).ok());
  auto hits = index->Search(std::vector<float>{1, 0, 0, 0}, 2);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(Labels(*hits), (std::vector<uint64_t>{1, 2}));
  EXPECT_FLOAT_EQ((*hits)[0].score, 1e6f);
  // Removing a row moves the last one (and its half copy and bound) into its place.
  ASSERT_TRUE(index->Remove(1).ok());
  hits = index->Search(std::vector<float>{-1, 0, 0, 0}, 1);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(Labels(*hits), (std::vector<uint64_t>{3}));
  EXPECT_FLOAT_EQ((*hits)[0].score, 1e6f);
  // A zero query scores every row 0.
  hits = index->Search(std::vector<float>{0, 0, 0, 0}, 3);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 2u);
}

TEST(ExactIndexTest, RejectsBadOptionsAndValues) {
  EXPECT_EQ(ExactIndex::Create({.dimensions = 4, .search_threads = 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ExactIndex::Create({.dimensions = 0}).status().code(), StatusCode::kInvalidArgument);
  auto index = MakeIndex(2);
  EXPECT_EQ(index->Add(1, std::vector<float>{NAN, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->Add(1, std::vector<float>{1, 2, 3}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakehouse
