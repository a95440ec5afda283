// ProviderClient against the fake Ollama/OpenAI server: retries, Retry-After, timeouts,
// concurrency limit, error mapping.
#include "embed/provider_client.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "tests/support/fake_llm_server.h"

namespace lakehouse {
namespace {

using std::chrono::milliseconds;
using testing::FakeLlmServer;
using testing::FakeLlmServerOptions;

ProviderClientOptions Options(std::string name = "ollama", std::string base_url = "",
                              std::string token = "", int32_t concurrency = 1) {
  ProviderClientOptions options;
  options.provider_name = std::move(name);
  options.base_url = std::move(base_url);
  options.bearer_token = std::move(token);
  options.concurrency = concurrency;
  return options;
}

RetryPolicy Retry(int32_t max_retries, int64_t base_ms, int64_t max_ms) {
  RetryPolicy policy;
  policy.max_retries = max_retries;
  policy.base_delay = milliseconds(base_ms);
  policy.max_delay = milliseconds(max_ms);
  return policy;
}

class ProviderClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(8));
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
  }

  std::unique_ptr<ProviderClient> Client(ProviderClientOptions options = {}) {
    if (options.base_url.empty()) options.base_url = fake_->url();
    if (options.provider_name.empty()) options.provider_name = "ollama";
    auto client = ProviderClient::Create(std::move(options), &clock_, [this](milliseconds d) {
      std::lock_guard lock(mu_);
      sleeps_.push_back(d);
    });
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  std::vector<milliseconds> sleeps() {
    std::lock_guard lock(mu_);
    return sleeps_;
  }

  static Json EmbedBody() { return Json{{"model", "m"}, {"input", Json::array({"hello"})}}; }

  SystemClock clock_;
  std::unique_ptr<FakeLlmServer> fake_;
  std::mutex mu_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(ProviderClientTest, RetriesServerErrorsWithBackoffThenSucceeds) {
  ProviderClientOptions options;
  options.retry = Retry(3, 100, 10000);
  auto client = Client(options);
  fake_->FailNext(2, 500);
  auto r = client->PostJson("/api/embed", EmbedBody());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["embeddings"].size(), 1u);
  EXPECT_EQ(fake_->requests("/api/embed"), 3);
  ASSERT_EQ(sleeps().size(), 2u);
  EXPECT_GE(sleeps()[0], milliseconds(50));
  EXPECT_LE(sleeps()[0], milliseconds(100));
  EXPECT_GE(sleeps()[1], milliseconds(100));
  EXPECT_LE(sleeps()[1], milliseconds(200));
}

TEST_F(ProviderClientTest, HonoursRetryAfterOn429) {
  auto client = Client(Options("openai"));
  fake_->FailNext(1, 429, 2);
  auto r = client->PostJson("/v1/embeddings", EmbedBody());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(sleeps(), std::vector<milliseconds>{milliseconds(2000)});
  EXPECT_EQ(fake_->requests("/v1/embeddings"), 2);
}

TEST_F(ProviderClientTest, RetryAfterLongerThanTheLongestWaitFailsAtOnce) {
  ProviderClientOptions options;
  options.retry.max_delay = milliseconds(1000);
  auto client = Client(options);
  fake_->FailNext(5, 503, 60);
  auto r = client->PostJson("/api/embed", EmbedBody());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError);
  EXPECT_NE(r.status().message().find("Retry-After"), std::string::npos) << r.status().message();
  EXPECT_EQ(fake_->requests(), 1);
  EXPECT_TRUE(sleeps().empty());
}

TEST_F(ProviderClientTest, ExhaustedRetriesAreUpstreamErrorsWithTheProviderMessage) {
  ProviderClientOptions options;
  options.retry.max_retries = 2;
  auto client = Client(options);
  fake_->FailNext(10, 500);
  auto r = client->PostJson("/api/embed", EmbedBody());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError);
  EXPECT_NE(r.status().message().find("after 3 attempts"), std::string::npos);
  EXPECT_NE(r.status().message().find("injected failure: HTTP 500"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(fake_->requests(), 3);
}

TEST_F(ProviderClientTest, ClientErrorsAreNotRetried) {
  auto client = Client();
  auto r = client->PostJson("/api/embed", Json{{"model", "missing-model"}, {"input", "x"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError);
  EXPECT_NE(r.status().message().find("HTTP 404"), std::string::npos);
  EXPECT_NE(r.status().message().find("not found, try pulling it first"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(fake_->requests(), 1);
}

TEST_F(ProviderClientTest, UnreachableServerIsRetriedThenUpstreamError) {
  ProviderClientOptions options;
  options.retry.max_retries = 1;
  // Port 1 on loopback: nothing listens there.
  options.base_url = "http://127.0.0.1:1";
  auto client = Client(options);
  auto r = client->PostJson("/api/embed", EmbedBody());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError) << r.status().ToString();
  EXPECT_EQ(sleeps().size(), 1u);
}

TEST_F(ProviderClientTest, TimeoutIsDeadlineExceededAndNotRetried) {
  ProviderClientOptions options;
  options.request_timeout = milliseconds(200);
  auto client = Client(options);
  fake_->SetDelay(milliseconds(800));
  auto r = client->PostJson("/api/embed", EmbedBody());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().ToString();
  EXPECT_EQ(fake_->requests(), 1);
  EXPECT_TRUE(sleeps().empty());
}

TEST_F(ProviderClientTest, ConcurrencyLimitHolds) {
  for (int32_t limit : {1, 3}) {
    fake_->ResetCounters();
    fake_->SetDelay(milliseconds(60));
    auto client = Client(Options("ollama", "", "", limit));
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] { ok += client->PostJson("/api/embed", EmbedBody()).ok(); });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 8);
    EXPECT_EQ(fake_->max_concurrent_requests(), limit);
  }
}

TEST_F(ProviderClientTest, SendsTheBearerToken) {
  fake_->RequireApiKey("sk-test");
  auto good = Client(Options("openai", "", "sk-test"));
  EXPECT_TRUE(good->PostJson("/v1/embeddings", EmbedBody()).ok());
  auto bad = Client(Options("openai", "", "sk-wrong"));
  auto r = bad->PostJson("/v1/embeddings", EmbedBody());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUpstreamError);
  EXPECT_NE(r.status().message().find("HTTP 401: Incorrect API key provided."), std::string::npos)
      << r.status().message();
}

TEST_F(ProviderClientTest, PathPrefixOfTheBaseUrlIsKept) {
  auto client = Client(Options("openai", fake_->url() + "/v1/"));
  // "/v1" + "/embeddings" = the OpenAI route.
  EXPECT_TRUE(client->PostJson("/embeddings", EmbedBody()).ok());
  EXPECT_EQ(fake_->requests("/v1/embeddings"), 1);
  EXPECT_FALSE(ProviderClient::Create(Options("x", "ftp://x"), &clock_).ok());
  EXPECT_FALSE(ProviderClient::Create(Options("x", fake_->url(), "", 0), &clock_).ok());
}

TEST(ProviderErrorMessageTest, ReadsBothProtocolsErrorBodies) {
  EXPECT_EQ(ProviderErrorMessage(R"({"error":"model is required"})"), "model is required");
  EXPECT_EQ(ProviderErrorMessage(R"({"error":{"message":"Rate limit","type":"requests"}})"),
            "Rate limit");
  EXPECT_EQ(ProviderErrorMessage("Bad Gateway"), "Bad Gateway");
  EXPECT_EQ(ProviderErrorMessage(""), "(empty body)");
}

}  // namespace
}  // namespace lakehouse
