#include "embed/provider_protocol.h"

#include "embed/ollama_protocol.h"
#include "embed/openai_protocol.h"

namespace lakehouse {

std::shared_ptr<const ProviderProtocol> ProtocolFor(ModelProvider provider) {
  switch (provider) {
    case ModelProvider::kOllama:
      return std::make_shared<OllamaProtocol>();
    case ModelProvider::kOpenAi:
      return std::make_shared<OpenAiProtocol>();
    case ModelProvider::kBuiltin:
      return nullptr;
  }
  return nullptr;
}

Result<std::vector<float>> ParseFloatArray(const Json& value, std::string_view what) {
  if (!value.is_array()) return UpstreamError(std::string(what), " is not an array");
  std::vector<float> out;
  out.reserve(value.size());
  for (const Json& v : value) {
    if (!v.is_number()) return UpstreamError(std::string(what), " holds a non-number");
    out.push_back(v.get<float>());
  }
  return out;
}

}  // namespace lakehouse
