#include "embed/remote_generator.h"

namespace lakehouse {

RemoteGenerator::RemoteGenerator(std::string model_id, std::string provider_model,
                                 std::shared_ptr<ProviderClient> client,
                                 std::shared_ptr<const ProviderProtocol> protocol)
    : model_id_(std::move(model_id)),
      provider_model_(std::move(provider_model)),
      client_(std::move(client)),
      protocol_(std::move(protocol)) {}

Result<GenerateResult> RemoteGenerator::Generate(const GenerateRequest& request) {
  LH_RETURN_IF_ERROR(ValidateGenerateRequest(request));
  LH_ASSIGN_OR_RETURN(
      Json response,
      client_->PostJson(protocol_->chat_path(), protocol_->ChatRequest(provider_model_, request)));
  Result<std::string> text = protocol_->ParseChatResponse(response);
  if (!text.ok()) return text.status().WithContext(model_id_);
  return GenerateResult{std::move(*text), model_id_};
}

}  // namespace lakehouse
