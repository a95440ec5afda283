// RemoteEmbedder against the fake server: batching, order, normalisation, dimension checks.
#include "embed/remote_embedder.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/fake_llm_server.h"

namespace lakehouse {
namespace {

using std::chrono::milliseconds;
using testing::FakeLlmServer;
using testing::FakeLlmServerOptions;

std::vector<std::string> Texts(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("text number " + std::to_string(i) + " about lakes");
  return out;
}

double Norm(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

EmbedBatching Batching(int32_t size, int32_t chars) {
  EmbedBatching b;
  b.batch_size = size;
  b.batch_chars = chars;
  return b;
}

class RemoteEmbedderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(16));
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
  }

  std::unique_ptr<RemoteEmbedder> Make(ModelProvider provider, EmbedBatching batching = {},
                                       int32_t concurrency = 1) {
    ProviderClientOptions options;
    options.provider_name = std::string(ModelProviderName(provider));
    options.base_url = fake_->url();
    options.concurrency = concurrency;
    options.retry.base_delay = milliseconds(1);
    auto client = ProviderClient::Create(options, &clock_);
    EXPECT_TRUE(client.ok());
    return std::make_unique<RemoteEmbedder>(
        StrCat(std::string(ModelProviderName(provider)), "/m"), "m",
        std::shared_ptr<ProviderClient>(std::move(*client)), ProtocolFor(provider), batching);
  }

  SystemClock clock_;
  std::unique_ptr<FakeLlmServer> fake_;
};

TEST(RemoteEmbedderBatchesTest, CapsByCountAndCharactersAndSkipsBlankTexts) {
  std::vector<std::string> texts = {"aaaa", "bbbb", "", "cccc", "  \n", "dddd", "eeee"};
  auto batches = RemoteEmbedder::PlanBatches(texts, Batching(2, 100));
  EXPECT_EQ(batches, (std::vector<std::vector<size_t>>{{0, 1}, {3, 5}, {6}}));
  batches = RemoteEmbedder::PlanBatches(texts, Batching(10, 9));
  EXPECT_EQ(batches, (std::vector<std::vector<size_t>>{{0, 1}, {3, 5}, {6}}));
  // A text longer than the character cap goes alone; characters are code points, not bytes.
  texts = {"ab", std::string(50, 'x'), "cd", "\xC3\xA9\xC3\xA9\xC3\xA9"};
  batches = RemoteEmbedder::PlanBatches(texts, Batching(10, 5));
  EXPECT_EQ(batches, (std::vector<std::vector<size_t>>{{0}, {1}, {2, 3}}));
}

TEST_F(RemoteEmbedderTest, OllamaBatchesAndKeepsOrder) {
  auto embedder = Make(ModelProvider::kOllama, Batching(32, 1 << 20));
  EXPECT_EQ(embedder->dimensions(), 0);
  const std::vector<std::string> texts = Texts(100);
  auto vectors = embedder->Embed(texts);
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  ASSERT_EQ(vectors->size(), 100u);
  EXPECT_EQ(fake_->embed_batch_sizes(), (std::vector<size_t>{32, 32, 32, 4}));
  EXPECT_EQ(fake_->texts_embedded(), 100);
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
  EXPECT_EQ(embedder->dimensions(), 16);
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ((*vectors)[i], FakeLlmServer::EmbeddingFor(texts[i], 16)) << i;
  }
}

TEST_F(RemoteEmbedderTest, OpenAiResultsAreSortedByIndexAndNormalised) {
  fake_->SetReverseOpenAiOrder(true);
  fake_->SetNormalized(false);
  auto embedder = Make(ModelProvider::kOpenAi);
  const std::vector<std::string> texts = Texts(5);
  auto vectors = embedder->Embed(texts);
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_NEAR(Norm((*vectors)[i]), 1.0, 1e-5);
    const std::vector<float> expected = FakeLlmServer::EmbeddingFor(texts[i], 16);
    for (size_t d = 0; d < expected.size(); ++d) EXPECT_NEAR((*vectors)[i][d], expected[d], 1e-5);
  }
}

TEST_F(RemoteEmbedderTest, BlankTextsAreZeroVectorsAndNeverSent) {
  auto embedder = Make(ModelProvider::kOpenAi);
  auto vectors = embedder->Embed({"", "lake house", "   "});
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  EXPECT_EQ((*vectors)[0], std::vector<float>(16, 0.0f));
  EXPECT_EQ((*vectors)[2], std::vector<float>(16, 0.0f));
  EXPECT_NEAR(Norm((*vectors)[1]), 1.0, 1e-5);
  EXPECT_EQ(fake_->texts_embedded(), 1);

  // Only blank texts on a fresh embedder: the dimensions are probed once.
  auto fresh = Make(ModelProvider::kOllama);
  vectors = fresh->Embed({""});
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  EXPECT_EQ((*vectors)[0].size(), 16u);
  EXPECT_TRUE(fresh->Embed({}).ok());
}

TEST_F(RemoteEmbedderTest, ADimensionChangeIsAClearError) {
  auto embedder = Make(ModelProvider::kOllama);
  ASSERT_TRUE(embedder->Embed({"first"}).ok());
  fake_->SetDimensions(24);
  auto r = embedder->Embed({"second"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError);
  EXPECT_NE(r.status().message().find("returned 24-dimensional embeddings"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("had 16 dimensions"), std::string::npos);
  EXPECT_EQ(embedder->dimensions(), 16);
}

TEST_F(RemoteEmbedderTest, DiscoverDimensionsProbesOnce) {
  auto embedder = Make(ModelProvider::kOllama);
  auto d = embedder->DiscoverDimensions();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, 16);
  EXPECT_EQ(*embedder->DiscoverDimensions(), 16);
  EXPECT_EQ(fake_->embed_requests(), 1);
}

TEST_F(RemoteEmbedderTest, BatchesRunInParallelUpToTheProviderLimit) {
  fake_->SetDelay(milliseconds(50));
  auto embedder = Make(ModelProvider::kOpenAi, Batching(4, 1 << 20), 3);
  auto vectors = embedder->Embed(Texts(40));
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  EXPECT_EQ(fake_->embed_requests(), 10);
  EXPECT_EQ(fake_->max_concurrent_requests(), 3);
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
}

TEST_F(RemoteEmbedderTest, UpstreamFailureFailsTheCall) {
  ProviderClientOptions options;
  options.provider_name = "ollama";
  options.base_url = fake_->url();
  auto client = ProviderClient::Create(options, &clock_);
  ASSERT_TRUE(client.ok());
  RemoteEmbedder missing("ollama/missing-model", "missing-model",
                         std::shared_ptr<ProviderClient>(std::move(*client)),
                         ProtocolFor(ModelProvider::kOllama), EmbedBatching{});
  auto r = missing.Embed({"x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError);
}

}  // namespace
}  // namespace lakehouse
