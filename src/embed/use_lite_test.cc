// builtin/use-lite-v1 on its own: the tokenizer's pieces, the model's fixed behaviour (dimensions,
// normalisation, the 128-token clip, the empty text) and semantic sanity. Agreement with the JS
// reference is tests/use_lite/use_lite_reference_test.cc.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <thread>

#include "embed/use_lite_embedder.h"

namespace lakehouse {
namespace {

float Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0f);
}

class UseLiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = UseLiteEmbedder::Create({});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    embedder_ = std::move(created).value().release();
  }
  static void TearDownTestSuite() {
    delete embedder_;
    embedder_ = nullptr;
  }
  static UseLiteEmbedder* embedder_;
};
UseLiteEmbedder* UseLiteTest::embedder_ = nullptr;

TEST_F(UseLiteTest, TokenizesLikeTheReference) {
  // Ids from @energetic-ai/embeddings 0.2.0 (tests/use_lite/reference_embed.js).
  EXPECT_EQ(embedder_->Tokenize("The cat sits on the mat."),
            (std::vector<int32_t>{34, 1163, 1656, 7, 25, 9, 688, 17, 6}));
  // NFKC (ﬁ → fi), an unknown emoji collapsing into one id 0.
  EXPECT_EQ(embedder_->Tokenize("héllo wörld 👍🏽 ﬁne"),
            (std::vector<int32_t>{1786, 1133, 120, 102, 848, 6781, 93, 2706, 30, 0, 839}));
  EXPECT_TRUE(embedder_->Tokenize("").empty());
}

TEST_F(UseLiteTest, VectorsAreNormalisedAndDeterministic) {
  auto a = embedder_->Embed({"The cat sits on the mat.", "", "hello"});
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 3u);
  for (const auto& v : *a) {
    ASSERT_EQ(v.size(), 512u);
    EXPECT_NEAR(Cosine(v, v), 1.0f, 1e-5);
  }
  auto b = embedder_->Embed({"hello"});
  ASSERT_TRUE(b.ok());
  // Packing into differently sized matrices may change the last bits, no more.
  EXPECT_GT(Cosine((*a)[2], (*b)[0]), 0.99999f) << "a vector must not depend on its batch";
}

TEST_F(UseLiteTest, IsSemantic) {
  auto v = embedder_->Embed({"The cat sits on the mat.", "A kitten is resting on a rug.",
                             "Quarterly revenue rose by ten percent."});
  ASSERT_TRUE(v.ok());
  // The reference gives 0.647 and -0.096.
  EXPECT_NEAR(Cosine((*v)[0], (*v)[1]), 0.647f, 0.001f);
  EXPECT_NEAR(Cosine((*v)[0], (*v)[2]), -0.096f, 0.001f);
}

TEST_F(UseLiteTest, ReadsOnlyTheFirst128Tokens) {
  std::string head;
  for (int i = 0; i < 127; ++i) head += " word";
  auto v = embedder_->Embed({head + " alpha beta gamma", head + " delta epsilon"});
  ASSERT_TRUE(v.ok());
  EXPECT_GT(embedder_->Tokenize(head + " alpha beta gamma").size(), 128u);
  EXPECT_NEAR(Cosine((*v)[0], (*v)[1]), 1.0f, 1e-6);
}

TEST_F(UseLiteTest, ConcurrentCallsAgree) {
  std::vector<std::string> texts;
  for (int i = 0; i < 100; ++i) texts.push_back("sentence number " + std::to_string(i));
  auto expected = embedder_->Embed(texts);
  ASSERT_TRUE(expected.ok());
  std::vector<std::jthread> threads;
  std::vector<bool> same(4, false);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto got = embedder_->Embed(texts);
      same[t] = got.ok() && *got == *expected;
    });
  }
  threads.clear();
  for (int t = 0; t < 4; ++t) EXPECT_TRUE(same[t]) << t;
}

TEST(UseLiteCreateTest, MissingFilesAreAPreconditionFailure) {
  auto created = UseLiteEmbedder::Create({"/nonexistent/use-lite", 1});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace lakehouse
