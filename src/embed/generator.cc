#include "embed/generator.h"

namespace lakehouse {

Status ValidateGenerateRequest(const GenerateRequest& request) {
  if (request.messages.empty())
    return InvalidArgument("a generate request needs at least one message");
  for (size_t i = 0; i < request.messages.size(); ++i) {
    const std::string& role = request.messages[i].role;
    if (role != "system" && role != "user" && role != "assistant") {
      return InvalidArgument("messages[", std::to_string(i), "].role must be \"system\", \"user\" ",
                             "or \"assistant\", got '", role, "'");
    }
  }
  if (request.temperature && !(*request.temperature >= 0.0 && *request.temperature <= 2.0)) {
    return InvalidArgument("temperature must be between 0 and 2");
  }
  if (request.max_tokens && *request.max_tokens < 1) {
    return InvalidArgument("max_tokens must be at least 1");
  }
  return Status::Ok();
}

}  // namespace lakehouse
