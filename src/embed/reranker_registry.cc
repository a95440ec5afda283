#include "embed/reranker_registry.h"

#include "embed/model_id.h"

namespace lakehouse {
namespace {

constexpr std::string_view kAcceptedForms = "expected \"tei/<model>\" or \"openai/<model>\"";

}  // namespace

RerankerRegistry::RerankerRegistry(AiOptions options, const Clock* clock, Sleeper sleeper)
    : options_(std::move(options)),
      clock_(clock),
      sleeper_(sleeper),
      clients_(&options_, clock, std::chrono::milliseconds(options_.request_timeout_ms),
               std::move(sleeper)) {}

Result<std::shared_ptr<ProviderClient>> RerankerRegistry::TeiClient() {
  if (tei_client_) return tei_client_;
  if (options_.tei_url.empty()) {
    return FailedPrecondition(
        "no Text Embeddings Inference server is configured: set ai.tei_url (env "
        "LAKEHOUSE_AI_TEI_URL), e.g. http://127.0.0.1:8080");
  }
  ProviderClientOptions client;
  client.provider_name = "tei";
  client.base_url = options_.tei_url;
  if (client.base_url.ends_with("/")) client.base_url.pop_back();
  client.concurrency = options_.openai_concurrency;
  client.request_timeout = std::chrono::milliseconds(options_.request_timeout_ms);
  client.retry.max_retries = options_.max_retries;
  client.retry.base_delay = std::chrono::milliseconds(options_.retry_base_delay_ms);
  client.retry.max_delay = std::chrono::milliseconds(options_.retry_max_delay_ms);
  LH_ASSIGN_OR_RETURN(std::unique_ptr<ProviderClient> created,
                      ProviderClient::Create(std::move(client), clock_, sleeper_));
  tei_client_ = std::move(created);
  return tei_client_;
}

Result<std::shared_ptr<Reranker>> RerankerRegistry::Get(std::string_view model_id) {
  if (model_id.empty()) {
    if (options_.rerank_model.empty()) {
      return FailedPrecondition(
          "no rerank model is configured: name one (\"tei/<model>\" or \"openai/<model>\") or "
          "set ai.rerank_model (env LAKEHOUSE_AI_RERANK_MODEL)");
    }
    model_id = options_.rerank_model;
  }
  const size_t slash = model_id.find('/');
  const std::string_view prefix = model_id.substr(0, slash);
  if (slash == std::string_view::npos || slash + 1 == model_id.size() ||
      (prefix != "tei" && prefix != "openai")) {
    return InvalidArgument("rerank model id '", std::string(model_id), "': ", kAcceptedForms);
  }
  const std::string model(model_id.substr(slash + 1));
  for (const char c : model) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F) {
      return InvalidArgument("rerank model id '", std::string(model_id),
                             "' contains whitespace or control characters");
    }
  }
  MutexLock lock(mu_);
  if (auto it = rerankers_.find(model_id); it != rerankers_.end()) return it->second;
  std::shared_ptr<ProviderClient> client;
  RerankProtocol protocol = RerankProtocol::kCohere;
  if (prefix == "tei") {
    LH_ASSIGN_OR_RETURN(client, TeiClient());
    protocol = RerankProtocol::kTei;
  } else {
    LH_ASSIGN_OR_RETURN(client, clients_.Get(ModelProvider::kOpenAi));
  }
  auto reranker =
      std::make_shared<Reranker>(protocol, model, std::string(model_id), std::move(client));
  rerankers_.emplace(std::string(model_id), reranker);
  return reranker;
}

}  // namespace lakehouse
