#include "vector/vector_ops.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

double NaiveDot(const std::vector<float>& a, const std::vector<float>& b, size_t offset = 0) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[offset + i];
  return s;
}

TEST(VectorOpsTest, DotProductMatchesNaiveForAllLengths) {
  for (size_t n = 0; n < 80; ++n) {
    const auto v = testing::RandomVectors(2, n, n);
    EXPECT_NEAR(DotProduct(v[0].data(), v[1].data(), n), NaiveDot(v[0], v[1]), 1e-4 * (n + 1))
        << "n=" << n;
  }
}

TEST(VectorOpsTest, DotProductRowsMatchesNaiveWithStrideAndUnalignedRows) {
  const size_t dims = 37, stride = 41, count = 23;
  const auto query = testing::RandomVectors(1, dims, 1)[0];
  const auto flat = testing::RandomVectors(1, stride * count + 1, 2)[0];
  std::vector<float> out(count);
  DotProductRows(query.data(), flat.data() + 1, stride, count, dims, out.data());  // misaligned
  for (size_t r = 0; r < count; ++r) {
    EXPECT_NEAR(out[r], NaiveDot(query, flat, 1 + r * stride), 1e-3) << "row " << r;
  }
}

TEST(VectorOpsTest, HalfConversionsRoundTripAndSaturate) {
  // Values a half holds exactly come back exactly; others within half's precision (2^-11
  // relative in the normal range); beyond its range they become infinity.
  const std::vector<float> exact = {0.0f, 1.0f, -2.0f, 0.5f, 65504.0f, -65504.0f, 0x1p-14f, 1.5f};
  std::vector<uint16_t> halves(exact.size());
  FloatsToHalves(exact.data(), exact.size(), halves.data());
  for (size_t i = 0; i < exact.size(); ++i) EXPECT_EQ(HalfToFloat(halves[i]), exact[i]) << i;
  EXPECT_EQ(halves[0], 0u);
  EXPECT_EQ(halves[1], 0x3c00u);  // IEEE 754 binary16 encoding of 1.0

  const auto random = testing::RandomVectors(1, 1000, 9)[0];
  std::vector<uint16_t> h(random.size());
  FloatsToHalves(random.data(), random.size(), h.data());
  for (size_t i = 0; i < random.size(); ++i) {
    if (std::fabs(random[i]) < 0x1p-14f) continue;  // half subnormals: absolute error only
    EXPECT_NEAR(HalfToFloat(h[i]), random[i], std::fabs(random[i]) * 0x1p-11f) << random[i];
  }
  const std::vector<float> huge = {1e6f, -1e9f};
  std::vector<uint16_t> hh(2);
  FloatsToHalves(huge.data(), huge.size(), hh.data());
  EXPECT_EQ(HalfToFloat(hh[0]), std::numeric_limits<float>::infinity());
  EXPECT_EQ(HalfToFloat(hh[1]), -std::numeric_limits<float>::infinity());
}

TEST(VectorOpsTest, DotProductRowsHalfScoresTheDecodedHalves) {
  const size_t dims = 37, stride = 48, count = 23;  // tails in both the rows and the row count
  const auto query = testing::RandomVectors(1, dims, 1)[0];
  const auto rows = testing::RandomVectors(count, dims, 2);
  std::vector<uint16_t> halves(stride * count, 0);
  for (size_t r = 0; r < count; ++r) FloatsToHalves(rows[r].data(), dims, &halves[r * stride]);
  std::vector<float> out(count);
  DotProductRowsHalf(query.data(), halves.data(), stride, count, dims, out.data());
  for (size_t r = 0; r < count; ++r) {
    double expected = 0;
    for (size_t i = 0; i < dims; ++i) expected += query[i] * HalfToFloat(halves[r * stride + i]);
    EXPECT_NEAR(out[r], expected, 1e-4) << "row " << r;
  }
}

TEST(VectorOpsTest, CheckVector) {
  const std::vector<float> ok = {1, 2, 3};
  EXPECT_TRUE(CheckVector(ok, 3, "v").ok());
  EXPECT_EQ(CheckVector(ok, 4, "v").code(), StatusCode::kInvalidArgument);
  const std::vector<float> nan = {1, std::numeric_limits<float>::quiet_NaN(), 3};
  EXPECT_EQ(CheckVector(nan, 3, "v").code(), StatusCode::kInvalidArgument);
  const std::vector<float> inf = {1, std::numeric_limits<float>::infinity(), 3};
  EXPECT_EQ(CheckVector(inf, 3, "v").code(), StatusCode::kInvalidArgument);
}

TEST(VectorOpsTest, NormalizeL2) {
  std::vector<float> v = {3, 4};
  NormalizeL2(v);
  EXPECT_FLOAT_EQ(v[0], 0.6f);
  EXPECT_FLOAT_EQ(v[1], 0.8f);
  std::vector<float> zero = {0, 0, 0};
  NormalizeL2(zero);
  EXPECT_EQ(zero, std::vector<float>({0, 0, 0}));
}

}  // namespace
}  // namespace lakehouse
