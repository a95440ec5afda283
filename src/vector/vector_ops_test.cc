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
