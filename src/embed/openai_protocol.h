// OpenAiProtocol: the OpenAI-compatible API (OpenAI, llama.cpp server, vLLM, LM Studio, TEI).
//   POST /v1/embeddings        {"model","input":[...],"encoding_format":"float"}
//                              → {"data":[{"index","embedding":[...]}],...} (sorted by index here)
//   POST /v1/chat/completions  {"model","messages","temperature"?,"max_tokens"?}
//                              → {"choices":[{"message":{"role","content"}}],...}
// Errors are {"error":{"message","type","param","code"}} (ProviderClient reads them).
// Thread-safety: stateless.
#pragma once

#include "embed/provider_protocol.h"

namespace lakehouse {

class OpenAiProtocol final : public ProviderProtocol {
 public:
  std::string_view embed_path() const override { return "/v1/embeddings"; }
  Json EmbedRequest(const std::string& model,
                    const std::vector<const std::string*>& texts) const override;
  Result<std::vector<std::vector<float>>> ParseEmbedResponse(const Json& body) const override;

  std::string_view chat_path() const override { return "/v1/chat/completions"; }
  Json ChatRequest(const std::string& model, const GenerateRequest& request) const override;
  Result<std::string> ParseChatResponse(const Json& body) const override;
};

}  // namespace lakehouse
