#include "embed/ollama_protocol.h"

namespace lakehouse {

Json OllamaProtocol::EmbedRequest(const std::string& model,
                                  const std::vector<const std::string*>& texts) const {
  Json input = Json::array();
  for (const std::string* text : texts) input.push_back(*text);
  return Json{{"model", model}, {"input", std::move(input)}};
}

Result<std::vector<std::vector<float>>> OllamaProtocol::ParseEmbedResponse(const Json& body) const {
  if (!body.is_object() || !body.contains("embeddings") || !body["embeddings"].is_array()) {
    return UpstreamError("Ollama embed response has no \"embeddings\" array");
  }
  std::vector<std::vector<float>> out;
  out.reserve(body["embeddings"].size());
  for (const Json& vector : body["embeddings"]) {
    LH_ASSIGN_OR_RETURN(std::vector<float> v, ParseFloatArray(vector, "an Ollama embedding"));
    out.push_back(std::move(v));
  }
  return out;
}

Json OllamaProtocol::ChatRequest(const std::string& model, const GenerateRequest& request) const {
  Json messages = Json::array();
  for (const ChatMessage& m : request.messages) {
    messages.push_back({{"role", m.role}, {"content", m.content}});
  }
  Json body{{"model", model}, {"messages", std::move(messages)}, {"stream", false}};
  Json options = Json::object();
  if (request.temperature) options["temperature"] = *request.temperature;
  if (request.max_tokens) options["num_predict"] = *request.max_tokens;
  if (!options.empty()) body["options"] = std::move(options);
  return body;
}

Result<std::string> OllamaProtocol::ParseChatResponse(const Json& body) const {
  if (!body.is_object() || !body.contains("message") || !body["message"].is_object() ||
      !body["message"].contains("content") || !body["message"]["content"].is_string()) {
    return UpstreamError("Ollama chat response has no message.content string");
  }
  return body["message"]["content"].get<std::string>();
}

}  // namespace lakehouse
