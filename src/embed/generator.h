// Generator: turns a chat (system/user/assistant messages) into the assistant's next message.
// Used by RAG and, later, natural-language SQL. Implementations: RemoteGenerator (Ollama
// /api/chat, OpenAI-compatible /v1/chat/completions); GeneratorRegistry picks one by model id.
//
// Contract: Generate returns the whole answer (no streaming); bad requests are INVALID_ARGUMENT,
// provider failures UPSTREAM_ERROR, timeouts DEADLINE_EXCEEDED; never an exception.
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace lakehouse {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct GenerateRequest {
  std::vector<ChatMessage> messages;  // at least one; the last is usually the user's
  std::optional<double> temperature;  // 0..2; unset → the model's default
  std::optional<int32_t> max_tokens;  // >= 1; unset → the model's default
};

struct GenerateResult {
  std::string text;   // the assistant's answer
  std::string model;  // our model id, e.g. "ollama/llama3.2"
};

// INVALID_ARGUMENT unless the request has messages with known roles, temperature in [0, 2] and
// max_tokens >= 1.
Status ValidateGenerateRequest(const GenerateRequest& request);

class Generator {
 public:
  virtual ~Generator() = default;
  virtual Result<GenerateResult> Generate(const GenerateRequest& request) = 0;
  virtual const std::string& model_id() const = 0;
};

}  // namespace lakehouse
