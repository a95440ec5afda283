#include "embed/embedder_registry.h"

#include "embed/hash_embedder.h"
#include "embed/model_id.h"
#include "embed/remote_embedder.h"
#include "embed/use_lite_embedder.h"

namespace lakehouse {

EmbedderRegistry::EmbedderRegistry(AiOptions options, const Clock* clock, Sleeper sleeper)
    : options_(std::move(options)),
      clients_(&options_, clock, std::chrono::milliseconds(options_.request_timeout_ms),
               std::move(sleeper)) {}

Result<std::shared_ptr<Embedder>> EmbedderRegistry::Get(std::string_view model_id) {
  if (model_id.empty()) model_id = options_.embed_model;
  LH_ASSIGN_OR_RETURN(ModelId id, ParseModelId(model_id));
  const std::string key = id.ToString();
  MutexLock lock(mu_);
  if (auto it = embedders_.find(key); it != embedders_.end()) return it->second;

  std::shared_ptr<Embedder> embedder;
  if (id.provider == ModelProvider::kBuiltin) {
    if (key == HashEmbedder::kModelId) {
      LH_ASSIGN_OR_RETURN(embedder, HashEmbedder::Create({options_.builtin_dimensions}));
    } else if (key == UseLiteEmbedder::kModelId) {
      LH_ASSIGN_OR_RETURN(
          embedder, UseLiteEmbedder::Create({options_.use_lite_dir, options_.use_lite_threads}));
    } else {
      return InvalidArgument("unknown built-in model '", key, "'; the built-in models are '",
                             std::string(UseLiteEmbedder::kModelId), "' and '",
                             std::string(HashEmbedder::kModelId), "'");
    }
  } else {
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ProviderClient> client, clients_.Get(id.provider));
    embedder =
        std::make_shared<RemoteEmbedder>(key, id.model, std::move(client), ProtocolFor(id.provider),
                                         EmbedBatching{options_.batch_size, options_.batch_chars});
  }
  embedders_.emplace(key, embedder);
  return embedder;
}

}  // namespace lakehouse
