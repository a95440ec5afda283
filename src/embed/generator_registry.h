// GeneratorRegistry: turns a model id into a Generator.
//   "ollama/<model>"  → RemoteGenerator over POST /api/chat (stream:false)
//   "openai/<model>"  → RemoteGenerator over POST /v1/chat/completions
// Having no generator is a valid state (ai.generate_model = ""): RAG then answers extractively.
// Instances are cached per id and share their provider's ProviderClient (a separate one from the
// embedders', with ai.generate_timeout_ms), so generation never waits behind embeddings.
//
// Thread-safety: thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/mutex.h"
#include "embed/ai_options.h"
#include "embed/generator.h"
#include "embed/provider_clients.h"

namespace lakehouse {

class GeneratorRegistry {
 public:
  // `clock` must outlive the registry. `sleeper` (tests) replaces sleeping between retries.
  GeneratorRegistry(AiOptions options, const Clock* clock, Sleeper sleeper = nullptr);

  // "ollama/<model>" or "openai/<model>"; empty → the configured default. FAILED_PRECONDITION
  // when the id is empty and no default is configured, or its provider is not configured;
  // INVALID_ARGUMENT for malformed ids and "builtin/..." (there is no built-in generator).
  Result<std::shared_ptr<Generator>> Get(std::string_view model_id);

  bool has_default() const { return !options_.generate_model.empty(); }
  const std::string& default_model() const { return options_.generate_model; }

 private:
  const AiOptions options_;
  ProviderClients clients_;
  Mutex mu_;
  std::map<std::string, std::shared_ptr<Generator>, std::less<>> generators_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
