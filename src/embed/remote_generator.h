// RemoteGenerator: a Generator backed by a model server ("ollama/<model>" via POST /api/chat with
// stream:false, "openai/<model>" via POST /v1/chat/completions), through a shared ProviderClient
// (concurrency limit, retries, timeout, error mapping).
//
// Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <string>

#include "embed/generator.h"
#include "embed/provider_client.h"
#include "embed/provider_protocol.h"

namespace lakehouse {

class RemoteGenerator final : public Generator {
 public:
  RemoteGenerator(std::string model_id, std::string provider_model,
                  std::shared_ptr<ProviderClient> client,
                  std::shared_ptr<const ProviderProtocol> protocol);

  Result<GenerateResult> Generate(const GenerateRequest& request) override;
  const std::string& model_id() const override { return model_id_; }

 private:
  const std::string model_id_;
  const std::string provider_model_;
  const std::shared_ptr<ProviderClient> client_;
  const std::shared_ptr<const ProviderProtocol> protocol_;
};

}  // namespace lakehouse
