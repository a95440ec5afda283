// Reranker: scores (query, document) pairs with a cross-encoder served over HTTP, in one of the
// two wire formats rerank servers speak:
//   kTei     Hugging Face Text Embeddings Inference, POST /rerank
//            {"query","texts":[...],"raw_scores":false} → [{"index","score"}, ...]
//   kCohere  Cohere / Jina / vLLM / llama.cpp server, POST /v1/rerank
//            {"model","query","documents":[...],"top_n"} → {"results":[{"index",
//            "relevance_score"}, ...], ...}
// Transport, retries and error mapping are ProviderClient's (UPSTREAM_ERROR → 502).
//
// Thread-safety: thread-safe (stateless over a thread-safe ProviderClient).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "embed/provider_client.h"

namespace lakehouse {

enum class RerankProtocol { kTei, kCohere };

struct RerankRequest {
  std::string query;
  std::vector<std::string> documents;
  int32_t top_n = 0;  // 0 = all documents
};

struct RerankScore {
  int32_t index = 0;  // into RerankRequest::documents
  double score = 0;   // higher is more relevant
};

struct RerankResult {
  std::string model;                // "tei/<model>" or "openai/<model>"
  std::vector<RerankScore> scores;  // best first, at most top_n
};

// The wire format, apart from the transport (unit-tested without a server).
Json RerankRequestBody(RerankProtocol protocol, const std::string& model,
                       const RerankRequest& request);
// UPSTREAM_ERROR when the body lacks the documented shape or names an index out of range.
Result<std::vector<RerankScore>> ParseRerankResponse(RerankProtocol protocol, const Json& body,
                                                     size_t documents);

class Reranker {
 public:
  // `model` is the provider's own name; `model_id` the full "<provider>/<model>".
  Reranker(RerankProtocol protocol, std::string model, std::string model_id,
           std::shared_ptr<ProviderClient> client)
      : protocol_(protocol),
        model_(std::move(model)),
        model_id_(std::move(model_id)),
        client_(std::move(client)) {}

  // INVALID_ARGUMENT for an empty query or no documents.
  Result<RerankResult> Rerank(const RerankRequest& request) const;
  const std::string& model_id() const { return model_id_; }

 private:
  const RerankProtocol protocol_;
  const std::string model_;
  const std::string model_id_;
  const std::shared_ptr<ProviderClient> client_;
};

}  // namespace lakehouse
