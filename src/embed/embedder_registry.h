// EmbedderRegistry: the one place that turns a model id into an Embedder.
//   "builtin/use-lite-v1" → UseLiteEmbedder (ai.use_lite_dir), semantic, in-process; fails with
//                          FAILED_PRECONDITION when its model files are missing
//   "builtin/hash-v1"  → HashEmbedder (ai.builtin_dimensions), always available
//   "ollama/<model>"   → RemoteEmbedder over Ollama's POST /api/embed
//   "openai/<model>"   → RemoteEmbedder over an OpenAI-compatible POST /v1/embeddings
// Instances are created on first use and cached: the same id returns the same shared instance,
// and every remote model of a provider shares that provider's ProviderClient (concurrency limit,
// retries, timeouts; see provider_client.h). Built by the composition root; services take an
// EmbedderRegistry*.
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
#include "embed/embedder.h"
#include "embed/provider_clients.h"

namespace lakehouse {

class EmbedderRegistry {
 public:
  // `clock` must outlive the registry. `sleeper` (tests) replaces sleeping between retries.
  EmbedderRegistry(AiOptions options, const Clock* clock, Sleeper sleeper = nullptr);

  // "builtin/hash-v1", "ollama/<model>", "openai/<model>"; empty → the default model.
  // INVALID_ARGUMENT for an unknown prefix or builtin model; FAILED_PRECONDITION when that
  // provider is not configured. The same model id returns the same shared instance.
  Result<std::shared_ptr<Embedder>> Get(std::string_view model_id);

  const std::string& default_model() const { return options_.embed_model; }
  const AiOptions& options() const { return options_; }

 private:
  const AiOptions options_;
  ProviderClients clients_;
  Mutex mu_;
  std::map<std::string, std::shared_ptr<Embedder>, std::less<>> embedders_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
