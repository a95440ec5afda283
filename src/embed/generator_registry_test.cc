#include "embed/generator_registry.h"

#include <gtest/gtest.h>

#include "tests/support/fake_llm_server.h"

namespace lakehouse {
namespace {

using testing::FakeLlmServer;

GenerateRequest Ask(std::string question) {
  GenerateRequest request;
  request.messages = {{"system", "Answer briefly."}, {"user", std::move(question)}};
  return request;
}

TEST(GeneratorRegistryTest, NoGeneratorIsAValidState) {
  SystemClock clock;
  GeneratorRegistry registry(AiOptions{}, &clock);
  EXPECT_FALSE(registry.has_default());
  auto r = registry.Get("");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("ai.generate_model"), std::string::npos);
  EXPECT_EQ(registry.Get("builtin/hash-v1").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.Get("ollama/llama3.2").status().code(), StatusCode::kFailedPrecondition);
}

TEST(GeneratorRegistryTest, OllamaAndOpenAiChatRoundTrips) {
  auto fake = FakeLlmServer::Start();
  ASSERT_TRUE(fake.ok());
  SystemClock clock;
  AiOptions options;
  options.ollama_url = (*fake)->url();
  options.openai_url = (*fake)->url();
  options.generate_model = "ollama/llama3.2";
  GeneratorRegistry registry(options, &clock);
  EXPECT_TRUE(registry.has_default());

  auto ollama = registry.Get("");
  ASSERT_TRUE(ollama.ok()) << ollama.status().ToString();
  EXPECT_EQ((*ollama)->model_id(), "ollama/llama3.2");
  EXPECT_EQ(ollama->get(), registry.Get("ollama/llama3.2")->get());
  GenerateRequest request = Ask("why is the sky blue?");
  request.temperature = 0.2;
  request.max_tokens = 50;
  auto answer = (*ollama)->Generate(request);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->text, "fake answer to: why is the sky blue?");
  EXPECT_EQ(answer->model, "ollama/llama3.2");

  (*fake)->SetChatReply("scripted [1]");
  auto openai = registry.Get("openai/gpt-4o-mini");
  ASSERT_TRUE(openai.ok()) << openai.status().ToString();
  answer = (*openai)->Generate(request);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->text, "scripted [1]");

  const std::vector<Json> sent = (*fake)->chat_requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0]["model"], "llama3.2");
  EXPECT_EQ(sent[0]["stream"], false);
  EXPECT_EQ(sent[0]["options"]["num_predict"], 50);
  EXPECT_DOUBLE_EQ(sent[0]["options"]["temperature"].get<double>(), 0.2);
  EXPECT_EQ(sent[0]["messages"][1]["content"], "why is the sky blue?");
  EXPECT_EQ(sent[1]["model"], "gpt-4o-mini");
  EXPECT_EQ(sent[1]["max_tokens"], 50);
}

TEST(GeneratorRegistryTest, BadRequestsAndUpstreamErrors) {
  auto fake = FakeLlmServer::Start();
  ASSERT_TRUE(fake.ok());
  SystemClock clock;
  AiOptions options;
  options.ollama_url = (*fake)->url();
  options.max_retries = 0;
  GeneratorRegistry registry(options, &clock);
  auto generator = *registry.Get("ollama/llama3.2");
  EXPECT_EQ(generator->Generate({}).status().code(), StatusCode::kInvalidArgument);
  GenerateRequest bad_role;
  bad_role.messages = {{"robot", "hi"}};
  EXPECT_EQ(generator->Generate(bad_role).status().code(), StatusCode::kInvalidArgument);
  GenerateRequest hot = Ask("x");
  hot.temperature = 3.0;
  EXPECT_EQ(generator->Generate(hot).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*fake)->requests(), 0);

  (*fake)->FailNext(1, 500);
  auto failed = generator->Generate(Ask("x"));
  EXPECT_EQ(failed.status().code(), StatusCode::kUpstreamError);
  auto missing = (*registry.Get("ollama/missing-llm"))->Generate(Ask("x"));
  EXPECT_EQ(missing.status().code(), StatusCode::kUpstreamError);
  EXPECT_NE(missing.status().message().find("try pulling it first"), std::string::npos);
}

}  // namespace
}  // namespace lakehouse
