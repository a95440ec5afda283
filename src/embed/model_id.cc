#include "embed/model_id.h"

namespace lakehouse {
namespace {
constexpr std::string_view kAcceptedForms =
    "expected \"builtin/use-lite-v1\", \"builtin/hash-v1\", \"ollama/<model>\" or "
    "\"openai/<model>\"";
}  // namespace

std::string_view ModelProviderName(ModelProvider provider) {
  switch (provider) {
    case ModelProvider::kBuiltin:
      return "builtin";
    case ModelProvider::kOllama:
      return "ollama";
    case ModelProvider::kOpenAi:
      return "openai";
  }
  return "unknown";
}

std::string ModelId::ToString() const {
  return StrCat(std::string(ModelProviderName(provider)), "/", model);
}

Result<ModelId> ParseModelId(std::string_view id) {
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos) {
    return InvalidArgument("model id '", std::string(id), "' has no provider prefix; ",
                           kAcceptedForms);
  }
  const std::string_view prefix = id.substr(0, slash);
  ModelId out;
  if (prefix == "builtin") {
    out.provider = ModelProvider::kBuiltin;
  } else if (prefix == "ollama") {
    out.provider = ModelProvider::kOllama;
  } else if (prefix == "openai") {
    out.provider = ModelProvider::kOpenAi;
  } else {
    return InvalidArgument("unknown model provider '", std::string(prefix), "' in model id '",
                           std::string(id), "'; ", kAcceptedForms);
  }
  out.model = std::string(id.substr(slash + 1));
  if (out.model.empty()) {
    return InvalidArgument("model id '", std::string(id), "' names no model; ", kAcceptedForms);
  }
  for (const char c : out.model) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F) {
      return InvalidArgument("model id '", std::string(id),
                             "' contains whitespace or control characters");
    }
  }
  return out;
}

}  // namespace lakehouse
