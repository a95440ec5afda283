#include "embed/retry_policy.h"

#include <gtest/gtest.h>

#include "embed/model_id.h"

namespace lakehouse {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, BackoffDoublesWithJitterAndIsCapped) {
  RetryPolicy policy{
      .max_retries = 10, .base_delay = milliseconds(100), .max_delay = milliseconds(1000)};
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    for (int32_t retry = 0; retry < 8; ++retry) {
      const int64_t nominal = std::min<int64_t>(1000, 100LL << retry);
      const int64_t d = BackoffDelay(policy, retry, rng).count();
      EXPECT_GE(d, nominal / 2) << retry;
      EXPECT_LE(d, nominal) << retry;
    }
  }
}

TEST(RetryPolicyTest, ParsesRetryAfterSecondsAndDates) {
  EXPECT_EQ(ParseRetryAfter("3", 0), milliseconds(3000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", 0), milliseconds(0));
  // 2015-10-21T07:28:00Z is 1445412480 s after the epoch.
  const int64_t now = 1445412480LL * 1'000'000 - 2'500'000;
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now), milliseconds(2500));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now + 60'000'000), milliseconds(0));
  EXPECT_FALSE(ParseRetryAfter("soon", 0).has_value());
  EXPECT_FALSE(ParseRetryAfter("", 0).has_value());
  EXPECT_FALSE(ParseRetryAfter("-1", 0).has_value());
}

TEST(RetryPolicyTest, RetryableStatuses) {
  for (int s : {408, 425, 429, 500, 502, 503, 504}) EXPECT_TRUE(IsRetryableHttpStatus(s)) << s;
  for (int s : {200, 400, 401, 403, 404, 413, 422, 501, 505})
    EXPECT_FALSE(IsRetryableHttpStatus(s)) << s;
}

TEST(ModelIdTest, ParsesProvidersAndModelNames) {
  auto id = ParseModelId("ollama/llama3.2:3b");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->provider, ModelProvider::kOllama);
  EXPECT_EQ(id->model, "llama3.2:3b");
  id = ParseModelId("openai/BAAI/bge-small-en-v1.5");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->provider, ModelProvider::kOpenAi);
  EXPECT_EQ(id->model, "BAAI/bge-small-en-v1.5");
  EXPECT_EQ(id->ToString(), "openai/BAAI/bge-small-en-v1.5");
  EXPECT_EQ(ParseModelId("builtin/hash-v1")->provider, ModelProvider::kBuiltin);
  for (const char* bad : {"", "hash-v1", "cohere/embed", "ollama/", "ollama/a b", "/x"}) {
    auto r = ParseModelId(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace lakehouse
