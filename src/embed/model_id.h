// ModelId: the parsed form of a model id string, "<provider>/<model>": "builtin/hash-v1",
// "ollama/nomic-embed-text", "openai/text-embedding-3-small". The model part may itself contain
// '/' and ':' ("openai/BAAI/bge-small-en-v1.5", "ollama/llama3.2:3b").
//
// Thread-safety: pure functions and plain values.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

enum class ModelProvider { kBuiltin, kOllama, kOpenAi };

// "builtin", "ollama", "openai".
std::string_view ModelProviderName(ModelProvider provider);

struct ModelId {
  ModelProvider provider = ModelProvider::kBuiltin;
  std::string model;  // the provider's own model name, e.g. "nomic-embed-text"

  // The canonical "<provider>/<model>" string.
  std::string ToString() const;
};

// INVALID_ARGUMENT naming the accepted forms for anything else: no '/', an unknown provider, an
// empty model name, or whitespace/control characters.
Result<ModelId> ParseModelId(std::string_view id);

}  // namespace lakehouse
