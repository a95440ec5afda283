#include "embed/generator_registry.h"

#include "embed/model_id.h"
#include "embed/remote_generator.h"

namespace lakehouse {

GeneratorRegistry::GeneratorRegistry(AiOptions options, const Clock* clock, Sleeper sleeper)
    : options_(std::move(options)),
      clients_(&options_, clock, std::chrono::milliseconds(options_.generate_timeout_ms),
               std::move(sleeper)) {}

Result<std::shared_ptr<Generator>> GeneratorRegistry::Get(std::string_view model_id) {
  if (model_id.empty()) {
    if (!has_default()) {
      return FailedPrecondition(
          "no generator is configured: name a model (\"ollama/<model>\" or \"openai/<model>\") "
          "or set ai.generate_model (env LAKEHOUSE_AI_GENERATE_MODEL)");
    }
    model_id = options_.generate_model;
  }
  LH_ASSIGN_OR_RETURN(ModelId id, ParseModelId(model_id));
  if (id.provider == ModelProvider::kBuiltin) {
    return InvalidArgument(
        "there is no built-in generator; use \"ollama/<model>\" or "
        "\"openai/<model>\"");
  }
  const std::string key = id.ToString();
  MutexLock lock(mu_);
  if (auto it = generators_.find(key); it != generators_.end()) return it->second;
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ProviderClient> client, clients_.Get(id.provider));
  auto generator =
      std::make_shared<RemoteGenerator>(key, id.model, std::move(client), ProtocolFor(id.provider));
  generators_.emplace(key, generator);
  return std::shared_ptr<Generator>(std::move(generator));
}

}  // namespace lakehouse
