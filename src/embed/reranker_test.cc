// The two rerank wire formats (TEI /rerank, Cohere/Jina /v1/rerank) and the registry's model ids;
// the HTTP round trip runs against the protocol server in tests/e2e/vector_hybrid_e2e_test.cc.
#include "embed/reranker.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "embed/reranker_registry.h"

namespace lakehouse {
namespace {

TEST(RerankProtocolTest, RequestBodiesFollowEachProtocol) {
  RerankRequest request{"q", {"a", "b"}, 1};
  Json tei = RerankRequestBody(RerankProtocol::kTei, "bge", request);
  EXPECT_EQ(tei, (Json{{"query", "q"}, {"texts", {"a", "b"}}, {"raw_scores", false}}));
  Json cohere = RerankRequestBody(RerankProtocol::kCohere, "jina-v2", request);
  EXPECT_EQ(cohere["model"], "jina-v2");
  EXPECT_EQ(cohere["documents"], (Json{"a", "b"}));
  EXPECT_EQ(cohere["top_n"], 1);
}

TEST(RerankProtocolTest, ResponsesAreParsedBestFirstAndChecked) {
  Result<std::vector<RerankScore>> tei = ParseRerankResponse(
      RerankProtocol::kTei, Json::parse(R"([{"index":1,"score":0.2},{"index":0,"score":0.9}])"), 2);
  ASSERT_TRUE(tei.ok()) << tei.status().ToString();
  ASSERT_EQ(tei->size(), 2u);
  EXPECT_EQ((*tei)[0].index, 0);
  EXPECT_DOUBLE_EQ((*tei)[0].score, 0.9);
  Result<std::vector<RerankScore>> cohere = ParseRerankResponse(
      RerankProtocol::kCohere,
      Json::parse(R"({"id":"x","results":[{"index":2,"relevance_score":0.7}],"meta":{}})"), 3);
  ASSERT_TRUE(cohere.ok());
  EXPECT_EQ((*cohere)[0].index, 2);

  for (const char* bad : {R"({"results":[{"index":5,"relevance_score":1}]})",
                          R"({"results":[{"index":0}]})", R"({"data":[]})", R"([1,2])"}) {
    Result<std::vector<RerankScore>> parsed =
        ParseRerankResponse(RerankProtocol::kCohere, Json::parse(bad), 3);
    EXPECT_EQ(parsed.status().code(), StatusCode::kUpstreamError) << bad;
  }
  EXPECT_EQ(ParseRerankResponse(RerankProtocol::kTei, Json::parse(R"({"results":[]})"), 1)
                .status()
                .code(),
            StatusCode::kUpstreamError);
}

TEST(RerankerRegistryTest, ModelIdsAndConfiguration) {
  SystemClock clock;
  AiOptions options;
  RerankerRegistry none(options, &clock);
  EXPECT_EQ(none.Get("").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.Get("tei/bge").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.Get("openai/jina").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.Get("ollama/x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(none.Get("tei/").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(none.Get("bge").status().code(), StatusCode::kInvalidArgument);
  options.tei_url = "http://127.0.0.1:1";
  options.rerank_model = "tei/bge-reranker-base";
  RerankerRegistry configured(options, &clock);
  Result<std::shared_ptr<Reranker>> reranker = configured.Get("");
  ASSERT_TRUE(reranker.ok()) << reranker.status().ToString();
  EXPECT_EQ((*reranker)->model_id(), "tei/bge-reranker-base");
}

}  // namespace
}  // namespace lakehouse
