// ProviderProtocol: one provider's wire format, kept apart from the transport (ProviderClient)
// so one RemoteEmbedder and one RemoteGenerator serve every provider. Implementations:
// OllamaProtocol (ollama_protocol.h) and OpenAiProtocol (openai_protocol.h).
//
// Parsers return UPSTREAM_ERROR when a 2xx body does not have the documented shape.
// Thread-safety: implementations are stateless.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "embed/generator.h"
#include "embed/model_id.h"

namespace lakehouse {

class ProviderProtocol {
 public:
  virtual ~ProviderProtocol() = default;

  virtual std::string_view embed_path() const = 0;
  virtual Json EmbedRequest(const std::string& model,
                            const std::vector<const std::string*>& texts) const = 0;
  // One vector per input text, in input order (as sent by the provider; not yet checked or
  // normalised).
  virtual Result<std::vector<std::vector<float>>> ParseEmbedResponse(const Json& body) const = 0;

  virtual std::string_view chat_path() const = 0;
  virtual Json ChatRequest(const std::string& model, const GenerateRequest& request) const = 0;
  virtual Result<std::string> ParseChatResponse(const Json& body) const = 0;
};

// The protocol of a remote provider; nullptr for kBuiltin.
std::shared_ptr<const ProviderProtocol> ProtocolFor(ModelProvider provider);

// Reads a JSON array of numbers as floats; UPSTREAM_ERROR naming `what` otherwise.
Result<std::vector<float>> ParseFloatArray(const Json& value, std::string_view what);

}  // namespace lakehouse
