// Handlers for the model providers: POST /ai/embed and POST /ai/generate. They expose the
// configured embedders and generators directly (for clients, and to check a provider setup).
//
// Thread-safety: thread-safe (the registries are).
#pragma once

#include "embed/embedder_registry.h"
#include "embed/generator_registry.h"
#include "http/http_types.h"

namespace lakehouse {

class AiHandlers {
 public:
  // Most texts one /ai/embed request may carry (the embedder batches them internally).
  static constexpr size_t kMaxEmbedTexts = 4096;

  // Both registries must outlive the handlers.
  AiHandlers(EmbedderRegistry* embedders, GeneratorRegistry* generators)
      : embedders_(embedders), generators_(generators) {}

  // {"model"?, "texts":[...]} → {"model","dimensions","embeddings":[[...],...]}
  Result<HttpResponse> Embed(HttpRequest& request);
  // {"model"?, "prompt" | "messages":[{"role","content"}], "system"?, "temperature"?,
  //  "max_tokens"?} → {"model","text"}. No generator configured and none named → 412.
  Result<HttpResponse> Generate(HttpRequest& request);

 private:
  EmbedderRegistry* embedders_;
  GeneratorRegistry* generators_;
};

}  // namespace lakehouse
