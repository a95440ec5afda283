#include "embed/embedder_registry.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "embed/hash_embedder.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using std::chrono::milliseconds;
using testing::FakeLlmServer;
using testing::FakeLlmServerOptions;

AiOptions FakeOptions(const FakeLlmServer& fake) {
  AiOptions options;
  options.ollama_url = fake.url();
  options.openai_url = fake.url() + "/v1";
  options.retry_base_delay_ms = 1;
  return options;
}

TEST(EmbedderRegistryTest, UseLiteIsTheDefaultAndInstancesAreShared) {
  SystemClock clock;
  AiOptions options;
  options.builtin_dimensions = 64;
  EmbedderRegistry registry(options, &clock);
  EXPECT_EQ(registry.default_model(), "builtin/use-lite-v1");
  auto a = registry.Get("");
  auto b = registry.Get("builtin/use-lite-v1");
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString();
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ((*a)->dimensions(), 512);
  EXPECT_EQ((*a)->model_id(), "builtin/use-lite-v1");
  auto hash = registry.Get("builtin/hash-v1");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ((*hash)->dimensions(), 64);
  EXPECT_EQ((*hash)->model_id(), "builtin/hash-v1");
}

TEST(EmbedderRegistryTest, UseLiteWithoutItsFilesIsAPreconditionFailure) {
  SystemClock clock;
  AiOptions options;
  options.use_lite_dir = "/nonexistent/use-lite";
  EmbedderRegistry registry(options, &clock);
  auto missing = registry.Get("builtin/use-lite-v1");
  EXPECT_EQ(missing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("scripts/setup.sh"), std::string::npos);
  EXPECT_TRUE(registry.Get("builtin/hash-v1").ok());
}

TEST(EmbedderRegistryTest, ErrorsForUnknownAndUnconfiguredModels) {
  SystemClock clock;
  EmbedderRegistry registry(AiOptions{}, &clock);
  EXPECT_EQ(registry.Get("cohere/embed").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.Get("builtin/hash-v2").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.Get("nomic").status().code(), StatusCode::kInvalidArgument);
  auto ollama = registry.Get("ollama/nomic-embed-text");
  EXPECT_EQ(ollama.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ollama.status().message().find("ai.ollama_url"), std::string::npos);
  EXPECT_EQ(registry.Get("openai/text-embedding-3-small").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(EmbedderRegistryTest, RemoteModelsShareTheirProvidersConcurrencyLimit) {
  auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(8));
  ASSERT_TRUE(fake.ok());
  SystemClock clock;
  AiOptions options = FakeOptions(**fake);
  options.ollama_concurrency = 1;
  EmbedderRegistry registry(options, &clock);
  auto a = registry.Get("ollama/model-a");
  auto b = registry.Get("ollama/model-b");
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString();
  EXPECT_EQ(a->get(), registry.Get("ollama/model-a")->get());
  EXPECT_NE(a->get(), b->get());
  (*fake)->SetDelay(milliseconds(40));
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    std::shared_ptr<Embedder> e = i % 2 ? *a : *b;
    threads.emplace_back([e, i] { EXPECT_TRUE(e->Embed({"text " + std::to_string(i)}).ok()); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ((*fake)->max_concurrent_requests(), 1);
  EXPECT_EQ((*a)->dimensions(), 8);
}

TEST(EmbedderRegistryTest, OpenAiKeyComesFromTheKeyFile) {
  auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(8, "sk-from-file"));
  ASSERT_TRUE(fake.ok());
  testing::TempDir dir;
  const std::string key_file = dir.path() + "/openai.key";
  std::ofstream(key_file) << "  sk-from-file\n";
  SystemClock clock;
  AiOptions options = FakeOptions(**fake);
  options.openai_api_key_file = key_file;
  EmbedderRegistry registry(options, &clock);
  auto embedder = registry.Get("openai/text-embedding-3-small");
  ASSERT_TRUE(embedder.ok()) << embedder.status().ToString();
  auto r = (*embedder)->Embed({"hello"});
  EXPECT_TRUE(r.ok()) << r.status().ToString();

  options.openai_api_key_file = dir.path() + "/absent.key";
  EmbedderRegistry broken(options, &clock);
  auto missing = broken.Get("openai/text-embedding-3-small");
  EXPECT_EQ(missing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("absent.key"), std::string::npos);
}

TEST(EmbedderRegistryTest, RetriesUse429RetryAfterThroughTheRegistry) {
  auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(8));
  ASSERT_TRUE(fake.ok());
  SystemClock clock;
  std::vector<milliseconds> sleeps;
  EmbedderRegistry registry(FakeOptions(**fake), &clock,
                            [&](milliseconds d) { sleeps.push_back(d); });
  (*fake)->FailNext(2, 429, 1);
  auto r = (*registry.Get("openai/m"))->Embed({"a", "b"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(1000), milliseconds(1000)}));
  EXPECT_EQ((*fake)->texts_embedded(), 2);
}

}  // namespace
}  // namespace lakehouse
