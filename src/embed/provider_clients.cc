#include "embed/provider_clients.h"

#include <fstream>
#include <sstream>

namespace lakehouse {

Result<std::string> ResolveOpenAiApiKey(const AiOptions& options) {
  if (!options.openai_api_key.empty() || options.openai_api_key_file.empty()) {
    return options.openai_api_key;
  }
  std::ifstream in(options.openai_api_key_file, std::ios::binary);
  if (!in) {
    return FailedPrecondition("cannot read ai.openai_api_key_file '", options.openai_api_key_file,
                              "'");
  }
  std::stringstream content;
  content << in.rdbuf();
  std::string key = content.str();
  const size_t begin = key.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    return FailedPrecondition("ai.openai_api_key_file '", options.openai_api_key_file,
                              "' is empty");
  }
  key = key.substr(begin, key.find_last_not_of(" \t\r\n") - begin + 1);
  return key;
}

ProviderClients::ProviderClients(const AiOptions* options, const Clock* clock,
                                 std::chrono::milliseconds request_timeout, Sleeper sleeper)
    : options_(options),
      clock_(clock),
      request_timeout_(request_timeout),
      sleeper_(std::move(sleeper)) {}

Result<ProviderClientOptions> ProviderClients::OptionsFor(ModelProvider provider) const {
  ProviderClientOptions out;
  out.provider_name = std::string(ModelProviderName(provider));
  out.request_timeout = request_timeout_;
  out.retry.max_retries = options_->max_retries;
  out.retry.base_delay = std::chrono::milliseconds(options_->retry_base_delay_ms);
  out.retry.max_delay = std::chrono::milliseconds(options_->retry_max_delay_ms);
  switch (provider) {
    case ModelProvider::kOllama:
      if (options_->ollama_url.empty()) {
        return FailedPrecondition(
            "no Ollama server is configured: set ai.ollama_url (env LAKEHOUSE_AI_OLLAMA_URL), "
            "e.g. http://127.0.0.1:11434");
      }
      out.base_url = options_->ollama_url;
      out.concurrency = options_->ollama_concurrency;
      return out;
    case ModelProvider::kOpenAi: {
      if (options_->openai_url.empty()) {
        return FailedPrecondition(
            "no OpenAI-compatible server is configured: set ai.openai_url (env "
            "LAKEHOUSE_AI_OPENAI_URL), e.g. https://api.openai.com/v1");
      }
      out.base_url = options_->openai_url;
      // Our paths start with /v1; accept base URLs written with or without it.
      if (out.base_url.ends_with("/")) out.base_url.pop_back();
      if (out.base_url.ends_with("/v1")) out.base_url.resize(out.base_url.size() - 3);
      out.concurrency = options_->openai_concurrency;
      LH_ASSIGN_OR_RETURN(out.bearer_token, ResolveOpenAiApiKey(*options_));
      return out;
    }
    case ModelProvider::kBuiltin:
      break;
  }
  return InvalidArgument("the built-in provider needs no HTTP client");
}

Result<std::shared_ptr<ProviderClient>> ProviderClients::Get(ModelProvider provider) {
  MutexLock lock(mu_);
  if (auto it = clients_.find(provider); it != clients_.end()) return it->second;
  LH_ASSIGN_OR_RETURN(ProviderClientOptions options, OptionsFor(provider));
  LH_ASSIGN_OR_RETURN(std::unique_ptr<ProviderClient> client,
                      ProviderClient::Create(std::move(options), clock_, sleeper_));
  std::shared_ptr<ProviderClient> shared = std::move(client);
  clients_.emplace(provider, shared);
  return shared;
}

}  // namespace lakehouse
