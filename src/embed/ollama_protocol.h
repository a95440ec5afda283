// OllamaProtocol: Ollama's native API.
//   POST /api/embed  {"model","input":[...]}            → {"model","embeddings":[[...],...]}
//   POST /api/chat   {"model","messages","stream":false,"options":{"temperature","num_predict"}}
//                    → {"model","message":{"role":"assistant","content"},"done":true,...}
// Errors are {"error":"<message>"} (ProviderClient reads them).
// Thread-safety: stateless.
#pragma once

#include "embed/provider_protocol.h"

namespace lakehouse {

class OllamaProtocol final : public ProviderProtocol {
 public:
  std::string_view embed_path() const override { return "/api/embed"; }
  Json EmbedRequest(const std::string& model,
                    const std::vector<const std::string*>& texts) const override;
  Result<std::vector<std::vector<float>>> ParseEmbedResponse(const Json& body) const override;

  std::string_view chat_path() const override { return "/api/chat"; }
  Json ChatRequest(const std::string& model, const GenerateRequest& request) const override;
  Result<std::string> ParseChatResponse(const Json& body) const override;
};

}  // namespace lakehouse
