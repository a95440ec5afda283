// End-to-end: the real binary's /ai/embed and /ai/generate against the fake Ollama/OpenAI server.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::FakeLlmServer;
using testing::FakeLlmServerOptions;
using testing::ServerProcess;
using testing::ServerProcessOptions;

class AiE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(24, "sk-e2e"));
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
  }

  std::unique_ptr<ServerProcess> Start(std::map<std::string, std::string> extra = {}) {
    ServerProcessOptions options;
    options.env = fake_->LakehouseEnv();
    for (auto& [k, v] : extra) options.env[k] = v;
    auto server = ServerProcess::Start(std::move(options));
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    return server.ok() ? std::move(*server) : nullptr;
  }

  std::unique_ptr<FakeLlmServer> fake_;
};

TEST_F(AiE2ETest, EmbedsWithBuiltinOllamaAndOpenAiModels) {
  auto server = Start();
  ASSERT_NE(server, nullptr);
  const Json texts = Json::array({"lakes and houses", "", "vector search in a lakehouse"});

  // The default model is the in-process semantic one (issue #19); hash-v1 stays available.
  Json builtin = Body(server->client().PostJson("/ai/embed", {{"texts", texts}}));
  EXPECT_EQ(builtin["model"], "builtin/use-lite-v1");
  EXPECT_EQ(builtin["dimensions"], 512);
  ASSERT_EQ(builtin["embeddings"].size(), 3u);
  EXPECT_EQ(builtin["embeddings"][0].size(), 512u);
  Json hash = Body(
      server->client().PostJson("/ai/embed", {{"model", "builtin/hash-v1"}, {"texts", texts}}));
  EXPECT_EQ(hash["model"], "builtin/hash-v1");
  EXPECT_EQ(hash["dimensions"], 384);
  ASSERT_EQ(hash["embeddings"].size(), 3u);
  EXPECT_EQ(hash["embeddings"][0].size(), 384u);
  EXPECT_EQ(fake_->requests(), 0);

  for (const std::string model : {"ollama/nomic-embed-text", "openai/text-embedding-3-small"}) {
    auto r = server->client().PostJson("/ai/embed", {{"model", model}, {"texts", texts}});
    ASSERT_EQ(r->status, 200) << r->body;
    Json body = Body(r);
    EXPECT_EQ(body["model"], model);
    EXPECT_EQ(body["dimensions"], 24);
    ASSERT_EQ(body["embeddings"].size(), 3u);
    const std::vector<float> expected = FakeLlmServer::EmbeddingFor("lakes and houses", 24);
    for (size_t d = 0; d < expected.size(); ++d) {
      EXPECT_NEAR(body["embeddings"][0][d].get<double>(), expected[d], 1e-5);
    }
    // The empty text is the zero vector and never reaches the provider.
    EXPECT_EQ(body["embeddings"][1], Json(std::vector<float>(24, 0.0f)));
  }
  EXPECT_EQ(fake_->texts_embedded(), 4);
  EXPECT_EQ(fake_->embeds_of(""), 0);
  EXPECT_EQ(fake_->requests("/api/embed"), 1);
  EXPECT_EQ(fake_->requests("/v1/embeddings"), 1);
}

TEST_F(AiE2ETest, RateLimitedRequestsAreRetried) {
  auto server = Start();
  ASSERT_NE(server, nullptr);
  fake_->FailNext(2, 429, 0);
  auto r = server->client().PostJson("/ai/embed",
                                     {{"model", "openai/m"}, {"texts", Json::array({"a b c"})}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(fake_->requests("/v1/embeddings"), 3);
  EXPECT_EQ(fake_->texts_embedded(), 1);
}

TEST_F(AiE2ETest, UpstreamErrorsAre502WithTheProvidersMessage) {
  auto server = Start({{"LAKEHOUSE_AI_MAX_RETRIES", "1"}});
  ASSERT_NE(server, nullptr);
  fake_->FailNext(5, 500);
  auto r = server->client().PostJson(
      "/ai/embed", {{"model", "ollama/nomic-embed-text"}, {"texts", Json::array({"x"})}});
  EXPECT_EQ(r->status, 502) << r->body;
  Json error = Body(r)["error"];
  EXPECT_EQ(error["code"], "UPSTREAM_ERROR");
  EXPECT_NE(error["message"].get<std::string>().find("injected failure: HTTP 500"),
            std::string::npos)
      << error;
  EXPECT_EQ(fake_->requests(), 2);

  fake_->FailNext(0, 500);
  r = server->client().PostJson("/ai/embed",
                                {{"model", "ollama/missing-model"}, {"texts", Json::array({"x"})}});
  EXPECT_EQ(r->status, 502);
  EXPECT_NE(Body(r)["error"]["message"].get<std::string>().find("try pulling it first"),
            std::string::npos);
}

TEST_F(AiE2ETest, WrongApiKeyIs502AndTimeoutsAre504) {
  auto server = Start(
      {{"LAKEHOUSE_AI_OPENAI_API_KEY", "sk-wrong"}, {"LAKEHOUSE_AI_REQUEST_TIMEOUT_MS", "300"}});
  ASSERT_NE(server, nullptr);
  auto r = server->client().PostJson("/ai/embed",
                                     {{"model", "openai/m"}, {"texts", Json::array({"x"})}});
  EXPECT_EQ(r->status, 502);
  EXPECT_NE(Body(r)["error"]["message"].get<std::string>().find("Incorrect API key"),
            std::string::npos);

  fake_->SetDelay(std::chrono::milliseconds(1500));
  r = server->client().PostJson("/ai/embed",
                                {{"model", "ollama/m"}, {"texts", Json::array({"x"})}});
  EXPECT_EQ(r->status, 504) << r->body;
  EXPECT_EQ(Body(r)["error"]["code"], "DEADLINE_EXCEEDED");
  fake_->SetDelay(std::chrono::milliseconds(0));
}

TEST_F(AiE2ETest, BadRequestsAre400) {
  auto server = Start();
  ASSERT_NE(server, nullptr);
  auto& c = server->client();
  EXPECT_EQ(c.PostJson("/ai/embed", {{"model", "cohere/x"}, {"texts", Json::array({"x"})}})->status,
            400);
  EXPECT_EQ(c.PostJson("/ai/embed", {{"texts", "not an array"}})->status, 400);
  EXPECT_EQ(c.PostJson("/ai/embed", {{"texts", Json::array({1, 2})}})->status, 400);
  EXPECT_EQ(c.PostJson("/ai/generate", {{"model", "ollama/m"}})->status, 400);
  EXPECT_EQ(c.PostJson("/ai/generate", {{"model", "ollama/m"}, {"prompt", "x"}, {"temperature", 9}})
                ->status,
            400);
  EXPECT_EQ(fake_->requests(), 0);
}

TEST_F(AiE2ETest, GeneratesWhenConfiguredAndSaysClearlyWhenNot) {
  auto server = Start();
  ASSERT_NE(server, nullptr);
  auto none = server->client().PostJson("/ai/generate", {{"prompt", "hello?"}});
  EXPECT_EQ(none->status, 412) << none->body;
  Json error = Body(none)["error"];
  EXPECT_EQ(error["code"], "FAILED_PRECONDITION");
  EXPECT_NE(error["message"].get<std::string>().find("no generator is configured"),
            std::string::npos);

  auto r = server->client().PostJson(
      "/ai/generate", {{"model", "ollama/llama3.2"}, {"prompt", "why?"}, {"system", "be brief"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r), Json({{"model", "ollama/llama3.2"}, {"text", "fake answer to: why?"}}));

  fake_->SetChatReply("It is [1].");
  r = server->client().PostJson(
      "/ai/generate", {{"model", "openai/gpt-4o-mini"},
                       {"messages", Json::array({{{"role", "user"}, {"content", "cite"}}})},
                       {"max_tokens", 20}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["text"], "It is [1].");
  ASSERT_EQ(fake_->chat_requests().size(), 2u);
  EXPECT_EQ(fake_->chat_requests()[0]["messages"][0]["role"], "system");
  EXPECT_EQ(fake_->chat_requests()[1]["max_tokens"], 20);

  auto with_default = Start({{"LAKEHOUSE_AI_GENERATE_MODEL", "ollama/llama3.2"}});
  ASSERT_NE(with_default, nullptr);
  r = with_default->client().PostJson("/ai/generate", {{"prompt", "default?"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["model"], "ollama/llama3.2");
}

TEST_F(AiE2ETest, MisconfiguredDefaultModelStopsStartUp) {
  ServerProcessOptions options;
  options.env = {{"LAKEHOUSE_AI_EMBED_MODEL", "ollama/nomic-embed-text"}};
  auto server = ServerProcess::Start(options);
  EXPECT_FALSE(server.ok());
}

}  // namespace
}  // namespace lakehouse
