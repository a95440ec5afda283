// RerankerRegistry: turns a rerank model id into a Reranker.
//   "tei/<model>"     → Hugging Face TEI at ai.tei_url, POST /rerank (TEI serves one model; the
//                       name only labels results)
//   "openai/<model>"  → the OpenAI-compatible server at ai.openai_url (vLLM, llama.cpp server,
//                       Jina, Cohere-compatible gateways), POST /v1/rerank, with its API key
// An empty id means ai.rerank_model. Rerankers are cached per id; the TEI and OpenAI clients are
// the registry's own (ai.request_timeout_ms), so reranking never waits behind embedding batches.
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
#include "embed/provider_clients.h"
#include "embed/reranker.h"

namespace lakehouse {

class RerankerRegistry {
 public:
  // `clock` must outlive the registry. `sleeper` (tests) replaces sleeping between retries.
  RerankerRegistry(AiOptions options, const Clock* clock, Sleeper sleeper = nullptr);

  // FAILED_PRECONDITION when the id is empty and ai.rerank_model is not set, or the provider's
  // URL is not configured; INVALID_ARGUMENT for a malformed id or another provider.
  Result<std::shared_ptr<Reranker>> Get(std::string_view model_id);

 private:
  Result<std::shared_ptr<ProviderClient>> TeiClient() LH_REQUIRES(mu_);

  const AiOptions options_;
  const Clock* clock_;
  const Sleeper sleeper_;
  ProviderClients clients_;
  Mutex mu_;
  std::shared_ptr<ProviderClient> tei_client_ LH_GUARDED_BY(mu_);  // built on first use
  std::map<std::string, std::shared_ptr<Reranker>, std::less<>> rerankers_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
