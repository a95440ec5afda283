// Handlers for the model providers: POST /ai/embed, /ai/generate and /ai/rerank. They expose the
// configured embedders, generators and rerankers directly (for clients, and to check a provider
// setup).
//
// Thread-safety: thread-safe (the registries are).
#pragma once

#include "embed/embedder_registry.h"
#include "embed/generator_registry.h"
#include "embed/reranker_registry.h"
#include "http/http_types.h"

namespace lakehouse {

class AiHandlers {
 public:
  // Most texts one /ai/embed request may carry (the embedder batches them internally).
  static constexpr size_t kMaxEmbedTexts = 4096;
  // Most documents one /ai/rerank request may carry.
  static constexpr size_t kMaxRerankDocuments = 1000;

  // The registries must outlive the handlers.
  AiHandlers(EmbedderRegistry* embedders, GeneratorRegistry* generators,
             RerankerRegistry* rerankers)
      : embedders_(embedders), generators_(generators), rerankers_(rerankers) {}

  // {"model"?, "texts":[...]} → {"model","dimensions","embeddings":[[...],...]}
  Result<HttpResponse> Embed(HttpRequest& request);
  // {"model"?, "prompt" | "messages":[{"role","content"}], "system"?, "temperature"?,
  //  "max_tokens"?} → {"model","text"}. No generator configured and none named → 412.
  Result<HttpResponse> Generate(HttpRequest& request);
  // {"model"?, "query", "documents":[...], "top_n"?} → {"model","results":[{"index","score",
  //  "document"}]}, best first; model "tei/<m>" or "openai/<m>" (default ai.rerank_model).
  Result<HttpResponse> Rerank(HttpRequest& request);

 private:
  EmbedderRegistry* embedders_;
  GeneratorRegistry* generators_;
  RerankerRegistry* rerankers_;
};

}  // namespace lakehouse
