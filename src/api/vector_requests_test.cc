// The vector routes' bodies parsed into typed requests at the HTTP edge: good bodies fill every
// field; bad fields and unknown fields are INVALID_ARGUMENT naming the field, answered 400 with
// the one JSON error shape, before any service is asked.
#include "api/vector_requests.h"

#include <gtest/gtest.h>

#include "api/vector_handlers.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

Json Body(const char* text) { return Json::parse(text); }

// The response the route table gives for a failed parse.
void ExpectBadRequest(const Status& status, std::string_view mentions) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find(mentions), std::string::npos) << status.message();
  HttpResponse response = ErrorResponse(status, "req-7");
  EXPECT_EQ(response.status, 400);
  Json body = Json::parse(response.body);
  ASSERT_TRUE(body.contains("error")) << response.body;
  EXPECT_EQ(body["error"]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(body["error"]["message"], status.message());
  EXPECT_EQ(body["error"]["request_id"], "req-7");
}

TEST(VectorRequestsTest, SearchBodyFillsTheTypedRequest) {
  Result<SearchRequest> search = ParseSearchRequest(Body(R"({
      "index": "docs", "vector": [1, 0.5], "k": 3, "filter": "year > 2000", "exact": true,
      "ef_search": 64, "columns": ["title"], "mode": "hybrid",
      "hybrid": {"vector_weight": 0.7, "rrf_k": 30}, "rerank": {"candidates": 20}})"));
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->index, "docs");
  EXPECT_FALSE(search->query.has_value());
  EXPECT_EQ(search->vector, (std::vector<float>{1.0f, 0.5f}));
  EXPECT_EQ(search->k, 3);
  EXPECT_EQ(search->filter, "year > 2000");
  EXPECT_TRUE(search->exact);
  EXPECT_EQ(search->ef_search, 64);
  EXPECT_EQ(search->columns, (std::vector<std::string>{"title"}));
  EXPECT_EQ(search->mode, SearchMode::kHybrid);
  EXPECT_DOUBLE_EQ(search->hybrid.vector_weight, 0.7);
  EXPECT_EQ(search->hybrid.rrf_k, 30);
  ASSERT_TRUE(search->rerank.has_value());
  EXPECT_EQ(search->rerank->candidates, 20);
  EXPECT_EQ(search->scope, nullptr);  // the caller's, not the body's

  Result<SearchRequest> text = ParseSearchRequest(Body(R"({"index": "docs", "query": "q"})"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->query, "q");
  EXPECT_EQ(text->k, 10);
  EXPECT_EQ(text->mode, SearchMode::kVector);
  // A vector read from the raw body is used as is.
  Result<SearchRequest> taken =
      ParseSearchRequest(Body(R"({"index": "docs"})"), std::vector<float>{2.0f});
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->vector, (std::vector<float>{2.0f}));
}

TEST(VectorRequestsTest, BadSearchFieldsAreBadRequests) {
  const std::pair<const char*, const char*> cases[] = {
      {R"([1, 2])", "JSON object"},
      {R"({"index": "docs", "query": "q", "colour": "red"})", "unknown field 'colour'"},
      {R"({"index": "docs", "query": "q", "hybrid": {"mode": 1}})", "hybrid.mode"},
      {R"({"query": "q"})", "index"},
      {R"({"index": 7, "query": "q"})", "index"},
      {R"({"index": "docs"})", "exactly one of 'query' and 'vector'"},
      {R"({"index": "docs", "query": "q", "vector": [1]})", "exactly one"},
      {R"({"index": "docs", "vector": []})", "vector"},
      {R"({"index": "docs", "vector": [1, "x"]})", "only numbers"},
      {R"({"index": "docs", "vector": "not base64!"})", "base64"},
      {R"({"index": "docs", "query": "q", "k": 0})", "'k' must be in [1, 1000]"},
      {R"({"index": "docs", "query": "q", "k": "3"})", "k"},
      {R"({"index": "docs", "query": "q", "ef_search": 0})", "ef_search"},
      {R"({"index": "docs", "query": "q", "exact": "yes"})", "exact"},
      {R"({"index": "docs", "query": "q", "columns": "title"})", "columns"},
      {R"({"index": "docs", "query": "q", "columns": [1]})", "columns"},
      {R"({"index": "docs", "query": "q", "mode": "fuzzy"})", "fuzzy"},
      {R"({"index": "docs", "query": "q", "hybrid": {}})", "hybrid"},
      {R"({"index": "docs", "query": "q", "mode": "hybrid", "hybrid": {"rrf_k": 0}})",
       "hybrid.rrf_k"},
      {R"({"index": "docs", "query": "q", "rerank": {"candidates": 0}})", "rerank.candidates"},
      {R"({"index": "docs", "query": "q", "rerank": {"top": 1}})", "rerank.top"},
  };
  for (const auto& [text, mentions] : cases) {
    SCOPED_TRACE(text);
    ExpectBadRequest(ParseSearchRequest(Body(text)).status(), mentions);
  }
}

TEST(VectorRequestsTest, BatchBodies) {
  Result<SearchBatchRequest> batch =
      ParseSearchBatchRequest(Body(R"({"index": "docs", "queries": ["a", "b"], "k": 2})"));
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->queries, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(batch->k, 2);
  Result<SearchBatchRequest> vectors =
      ParseSearchBatchRequest(Body(R"({"index": "docs", "vectors": [[1], [2, 3]]})"));
  ASSERT_TRUE(vectors.ok());
  EXPECT_EQ(vectors->vectors, (std::vector<std::vector<float>>{{1.0f}, {2.0f, 3.0f}}));
  ExpectBadRequest(ParseSearchBatchRequest(Body(R"({"index": "docs", "query": "a"})")).status(),
                   "unknown field 'query'");
  ExpectBadRequest(ParseSearchBatchRequest(Body(R"({"index": "docs", "queries": []})")).status(),
                   "queries");
  ExpectBadRequest(ParseSearchBatchRequest(Body(R"({"index": "docs", "queries": [1]})")).status(),
                   "queries");
  ExpectBadRequest(
      ParseSearchBatchRequest(Body(R"({"index": "docs", "vectors": [[1], [true]]})")).status(),
      "vectors[1]");
}

TEST(VectorRequestsTest, RagBodies) {
  Result<RagRequest> rag = ParseRagRequest(Body(R"({
      "index": "docs", "question": "why?", "k": 4, "model": "m", "filter": "a = 1",
      "mode": "keyword"})"));
  ASSERT_TRUE(rag.ok()) << rag.status().ToString();
  EXPECT_EQ(rag->index, "docs");
  EXPECT_EQ(rag->question, "why?");
  EXPECT_EQ(rag->k, 4);
  EXPECT_EQ(rag->model, "m");
  EXPECT_EQ(rag->filter, "a = 1");
  EXPECT_EQ(rag->mode, SearchMode::kKeyword);
  Result<RagRequest> defaults = ParseRagRequest(Body(R"({"index": "docs", "question": "q"})"));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->k, 5);
  EXPECT_EQ(defaults->model, "");
  const std::pair<const char*, const char*> cases[] = {
      {R"("text")", "JSON object"},
      {R"({"index": "docs", "question": "q", "columns": ["a"]})", "unknown field 'columns'"},
      {R"({"index": "docs"})", "question"},
      {R"({"index": "docs", "question": " \n"})", "field 'question' is empty"},
      {R"({"index": "docs", "question": "q", "k": 1001})", "'k' must be in [1, 1000]"},
      {R"({"index": "docs", "question": "q", "model": 3})", "model"},
      {R"({"index": "docs", "question": "q", "filter": false})", "filter"},
  };
  for (const auto& [text, mentions] : cases) {
    SCOPED_TRACE(text);
    ExpectBadRequest(ParseRagRequest(Body(text)).status(), mentions);
  }
}

// The handlers parse before they touch a service: none is given here.
TEST(VectorRequestsTest, HandlersRefuseBadBodiesBeforeAnyService) {
  VectorHandlers handlers(nullptr, nullptr, nullptr, nullptr);
  HttpRequest request;
  request.request_id = "req-7";
  request.body = R"({"index": "docs", "question": "q", "temperature": 2})";
  ExpectBadRequest(handlers.Rag(request).status(), "unknown field 'temperature'");
  request.body = R"({"index": "docs", "vector": [1, 2], "k": -1})";
  ExpectBadRequest(handlers.Search(request).status(), "'k' must be in [1, 1000]");
  request.body = R"({"index": "docs", "queries": ["a"], "exact": 1})";
  ExpectBadRequest(handlers.SearchBatch(request).status(), "exact");
  request.body = R"({"index": "docs", "question": )";
  ExpectBadRequest(handlers.Rag(request).status(), "");
}

}  // namespace
}  // namespace lakehouse
