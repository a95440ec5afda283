// ProviderClients: builds, on first use, the one ProviderClient per remote provider (Ollama,
// OpenAI-compatible) from AiOptions, and hands out that shared instance afterwards, so every
// model of a provider shares its concurrency limit. Each registry (embedders, generators) owns
// one, with its own request timeout.
//
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "common/mutex.h"
#include "embed/ai_options.h"
#include "embed/model_id.h"
#include "embed/provider_client.h"

namespace lakehouse {

class ProviderClients {
 public:
  // `clock` must outlive this object. A null `sleeper` sleeps between retries.
  ProviderClients(const AiOptions* options, const Clock* clock,
                  std::chrono::milliseconds request_timeout, Sleeper sleeper = nullptr);

  // FAILED_PRECONDITION naming the config key when the provider's URL is not set or the API key
  // file cannot be read; INVALID_ARGUMENT for a malformed URL or for kBuiltin.
  Result<std::shared_ptr<ProviderClient>> Get(ModelProvider provider);

 private:
  Result<ProviderClientOptions> OptionsFor(ModelProvider provider) const;

  const AiOptions* options_;
  const Clock* clock_;
  const std::chrono::milliseconds request_timeout_;
  const Sleeper sleeper_;
  Mutex mu_;
  std::map<ModelProvider, std::shared_ptr<ProviderClient>> clients_ LH_GUARDED_BY(mu_);
};

// The API key for the OpenAI-compatible provider: ai.openai_api_key, else the trimmed content of
// ai.openai_api_key_file, else "". FAILED_PRECONDITION when the file cannot be read.
Result<std::string> ResolveOpenAiApiKey(const AiOptions& options);

}  // namespace lakehouse
