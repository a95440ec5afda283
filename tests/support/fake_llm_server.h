// FakeLlmServer: an in-process HTTP server on a free loopback port that speaks the wire formats of
// Ollama and of OpenAI-compatible servers, for tests of the model providers and of everything
// built on them (vector indexes, RAG). It is a test double of the protocol, not of the models:
// embeddings are deterministic bag-of-words feature hashes of the text (texts sharing words are
// close, so searches over them behave sensibly), chat replies are scripted.
//
// Endpoints (request and response shapes as the real servers document them):
//   POST /api/embed             Ollama   {"model","input": str|[str]} →
//   {"model","embeddings":[[..]],
//                                        "total_duration","load_duration","prompt_eval_count"}
//   POST /api/chat              Ollama   {"model","messages","stream":false,"options"?}
//                                        → {"model","created_at","message":{"role","content"},
//                                        "done_reason":"stop","done":true,...}; without
//                                        "stream":false an NDJSON stream (two lines)
//   POST /v1/embeddings         OpenAI   {"model","input": str|[str]} → {"object":"list","data":
//                                        [{"object":"embedding","index","embedding"}],"model",
//                                        "usage"}
//   POST /v1/chat/completions   OpenAI   {"model","messages",...} → {"id","object":
//                                        "chat.completion","created","model","choices":[{"index":0,
//                                        "message":{"role":"assistant","content"},"finish_reason":
//                                        "stop"}],"usage"}
//   POST /rerank                TEI      {"query","texts":[..]} → [{"index","score"}], best first
//   POST /v1/rerank             Cohere/  {"model","query","documents":[..],"top_n"?} → {"model",
//                               Jina     "usage","results":[{"index","relevance_score"}]}
//   Rerank scores are RerankScoreFor(query, document): the share of the query's words found in
//   the document (lower-cased alphanumeric words), shorter documents first on ties.
// Errors use each protocol's own body: Ollama {"error":"<message>"}; OpenAI {"error":{"message",
// "type","param","code"}}. A model whose name starts with "missing" does not exist (Ollama 404
// "model \"x\" not found, try pulling it first"; OpenAI 404 code "model_not_found"); an empty
// string in OpenAI's input is a 400, as OpenAI answers.
//
// Pointing the real binary at it (e2e tests): pass LakehouseEnv() as the process environment
// (ServerProcessOptions::env). It sets LAKEHOUSE_AI_OLLAMA_URL=url(),
// LAKEHOUSE_AI_OPENAI_URL=url()+"/v1", LAKEHOUSE_AI_TEI_URL=url(), the API key when one is
// required, and short retry delays (LAKEHOUSE_AI_RETRY_BASE_DELAY_MS=20) so retried requests stay
// fast. Then use model ids "ollama/<any>" and "openai/<any>". Flags are not needed.
//
//   auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(32));
//   auto server = ServerProcess::Start({.env = (*fake)->LakehouseEnv()});
//   ... POST /ai/embed {"model":"ollama/nomic-embed-text","texts":[...]}
//   EXPECT_EQ((*fake)->max_embeds_of_one_text(), 1);   // no chunk embedded twice
//
// Thread-safety: every method is thread-safe (knobs may change while requests are served).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse::testing {

struct FakeLlmServerOptions {
  int32_t dimensions = 32;  // length of every embedding
  // When non-empty, the OpenAI endpoints require "Authorization: Bearer <api_key>" (401 otherwise,
  // with OpenAI's error body). Ollama has no authentication.
  std::string api_key;

  static FakeLlmServerOptions With(int32_t dimensions, std::string api_key = "") {
    FakeLlmServerOptions options;
    options.dimensions = dimensions;
    options.api_key = std::move(api_key);
    return options;
  }
};

class FakeLlmServer {
 public:
  // Binds 127.0.0.1 on a free port and serves on a background thread.
  static Result<std::unique_ptr<FakeLlmServer>> Start(FakeLlmServerOptions options = {});
  ~FakeLlmServer();  // stops serving and joins

  int port() const;
  std::string url() const;  // "http://127.0.0.1:<port>"
  // Environment for the lakehouse binary (see the header comment).
  std::map<std::string, std::string> LakehouseEnv() const;

  // ---- knobs ----
  // The next `count` requests (any endpoint) fail with `http_status` (e.g. 429, 500, 503) and the
  // endpoint's error body; with `retry_after_seconds`, they carry a Retry-After header.
  void FailNext(int32_t count, int http_status, std::optional<int32_t> retry_after_seconds = {});
  // Every request waits this long before answering (slow server; timeouts).
  void SetDelay(std::chrono::milliseconds delay);
  // Embedding length from now on (a model "replaced" under the same name).
  void SetDimensions(int32_t dimensions);
  void RequireApiKey(std::string api_key);  // "" turns the check off
  // Chat replies are `reply`; unset (the default), "fake answer to: <last user message>".
  void SetChatReply(std::optional<std::string> reply);
  // The next chat requests are answered with `replies`, in order (then SetChatReply's reply):
  // a script such as bad SQL, then good.
  void ScriptChatReplies(std::vector<std::string> replies);
  // OpenAI embeddings list "data" in reverse index order (clients must sort by "index").
  void SetReverseOpenAiOrder(bool reverse);
  // Embedding requests with a text containing `needle` fail with HTTP 400 and the protocol's
  // context-length error (a chunk the model always rejects); "" turns it off.
  void RejectTextsContaining(std::string needle);
  // false: embeddings are sent unnormalised (scaled by 3), to check clients normalise them.
  void SetNormalized(bool normalized);

  // ---- counters ----
  int64_t requests() const;  // every request, failed ones included
  // The W3C `traceparent` header of every request that carried one, in arrival order.
  std::vector<std::string> traceparents() const;
  int64_t requests(const std::string& path) const;
  int64_t embed_requests() const;  // successful embedding requests (both protocols)
  int64_t texts_embedded() const;  // texts in successful embedding requests
  int64_t embeds_of(const std::string& text) const;  // how often this exact text was embedded
  int64_t distinct_texts_embedded() const;
  int64_t max_embeds_of_one_text() const;         // 1 when no text was embedded twice; 0 when none
  std::vector<size_t> embed_batch_sizes() const;  // texts per successful embedding request
  int32_t in_flight_requests() const;             // requests received and not yet answered
  int32_t max_concurrent_requests() const;        // most requests in flight at once
  std::vector<Json> chat_requests() const;        // bodies of chat requests received, in order
  void ResetCounters();

  // The relevance score both rerank endpoints give `document` for `query`.
  static double RerankScoreFor(const std::string& query, const std::string& document);
  // The vector this server returns for `text` at `dimensions` (normalised).
  static std::vector<float> EmbeddingFor(const std::string& text, int32_t dimensions);

 private:
  struct Impl;
  explicit FakeLlmServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakehouse::testing
