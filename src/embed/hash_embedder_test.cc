#include "embed/hash_embedder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <thread>

namespace lakehouse {
namespace {

std::unique_ptr<HashEmbedder> MakeEmbedder(int32_t dims = 384) {
  auto embedder = HashEmbedder::Create({.dimensions = dims});
  EXPECT_TRUE(embedder.ok()) << embedder.status().ToString();
  return std::move(embedder).value();
}

float Dot(const std::vector<float>& a, const std::vector<float>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0f);
}

std::vector<float> EmbedOne(HashEmbedder& embedder, const std::string& text) {
  auto vectors = embedder.Embed({text});
  EXPECT_TRUE(vectors.ok());
  return (*vectors)[0];
}

TEST(HashEmbedderTest, Identity) {
  auto embedder = MakeEmbedder();
  EXPECT_EQ(embedder->model_id(), "builtin/hash-v1");
  EXPECT_EQ(embedder->dimensions(), 384);
}

TEST(HashEmbedderTest, DeterministicAcrossCallsAndInstances) {
  auto a = MakeEmbedder();
  auto b = MakeEmbedder();
  const std::string text = "The quick brown fox jumps over the lazy dog. 快速的狐狸 😀";
  EXPECT_EQ(EmbedOne(*a, text), EmbedOne(*a, text));
  EXPECT_EQ(EmbedOne(*a, text), EmbedOne(*b, text));
}

TEST(HashEmbedderTest, UnitNorm) {
  auto embedder = MakeEmbedder();
  for (const char* text : {"a", "hello world", "Ünïcödé ΑΒΓ Привет", "中文文本", "x y z x y z"}) {
    const std::vector<float> v = EmbedOne(*embedder, text);
    EXPECT_NEAR(Dot(v, v), 1.0f, 1e-5f) << text;
  }
}

TEST(HashEmbedderTest, EmptyAndPunctuationOnlyAreZero) {
  auto embedder = MakeEmbedder();
  for (const char* text : {"", "   ", "... !!! ???", "\xFF\xFE"}) {
    const std::vector<float> v = EmbedOne(*embedder, text);
    ASSERT_EQ(v.size(), 384u);
    EXPECT_EQ(Dot(v, v), 0.0f) << text;
  }
}

TEST(HashEmbedderTest, CaseInsensitive) {
  auto embedder = MakeEmbedder();
  EXPECT_EQ(EmbedOne(*embedder, "Hello World ÉCOLE ΣΟΦΙΑ"),
            EmbedOne(*embedder, "hello world école σοφια"));
}

TEST(HashEmbedderTest, SimilarTextsScoreHigherThanUnrelated) {
  auto embedder = MakeEmbedder();
  const auto query = EmbedOne(*embedder, "how to build an index for a database table");
  const auto similar = EmbedOne(*embedder, "building database indexes on a large table");
  const auto unrelated = EmbedOne(*embedder, "my grandmother bakes delicious apple pies");
  EXPECT_GT(Dot(query, similar), Dot(query, unrelated) + 0.2f);

  const auto cjk_query = EmbedOne(*embedder, "北京的天气很好");
  const auto cjk_similar = EmbedOne(*embedder, "今天北京天气很好");
  const auto cjk_unrelated = EmbedOne(*embedder, "我喜欢吃苹果");
  EXPECT_GT(Dot(cjk_query, cjk_similar), Dot(cjk_query, cjk_unrelated) + 0.2f);
}

TEST(HashEmbedderTest, TypoToleranceFromCharacterNgrams) {
  auto embedder = MakeEmbedder();
  const auto a = EmbedOne(*embedder, "vectorization");
  EXPECT_GT(Dot(a, EmbedOne(*embedder, "vectorisation")), 0.3f);
}

TEST(HashEmbedderTest, DimensionOption) {
  auto embedder = MakeEmbedder(64);
  const std::vector<float> v = EmbedOne(*embedder, "some text here");
  EXPECT_EQ(v.size(), 64u);
  EXPECT_NEAR(Dot(v, v), 1.0f, 1e-5f);
  EXPECT_EQ(HashEmbedder::Create({.dimensions = 4}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HashEmbedder::Create({.dimensions = 1 << 20}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(HashEmbedderTest, BatchPreservesOrder) {
  auto embedder = MakeEmbedder();
  auto batch = embedder->Embed({"first text", "second text", ""});
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->size(), 3u);
  EXPECT_EQ((*batch)[0], EmbedOne(*embedder, "first text"));
  EXPECT_EQ((*batch)[1], EmbedOne(*embedder, "second text"));
}

TEST(HashEmbedderTest, EmbedIntoMatchesEmbed) {
  auto embedder = MakeEmbedder();
  std::vector<float> out(384, 7.0f);
  embedder->EmbedInto("reuse the buffer", out);
  EXPECT_EQ(out, EmbedOne(*embedder, "reuse the buffer"));
}

TEST(HashEmbedderTest, ConcurrentCallersGetIdenticalVectors) {
  auto embedder = MakeEmbedder();
  const std::string text = "shared embedder, per-thread scratch buffers";
  const std::vector<float> expected = EmbedOne(*embedder, text);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<float> out(384);
      for (int i = 0; i < 200; ++i) {
        embedder->EmbedInto(i % 2 ? text : "other text " + std::to_string(i), out);
        if (i % 2 && out != expected) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace lakehouse
