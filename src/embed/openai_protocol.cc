#include "embed/openai_protocol.h"

#include <algorithm>

namespace lakehouse {

Json OpenAiProtocol::EmbedRequest(const std::string& model,
                                  const std::vector<const std::string*>& texts) const {
  Json input = Json::array();
  for (const std::string* text : texts) input.push_back(*text);
  return Json{{"model", model}, {"input", std::move(input)}, {"encoding_format", "float"}};
}

Result<std::vector<std::vector<float>>> OpenAiProtocol::ParseEmbedResponse(const Json& body) const {
  if (!body.is_object() || !body.contains("data") || !body["data"].is_array()) {
    return UpstreamError("OpenAI embeddings response has no \"data\" array");
  }
  const Json& data = body["data"];
  std::vector<std::pair<int64_t, std::vector<float>>> indexed;
  indexed.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    const Json& item = data[i];
    if (!item.is_object() || !item.contains("embedding")) {
      return UpstreamError("OpenAI embeddings response data[", std::to_string(i),
                           "] has no \"embedding\"");
    }
    // "index" is optional in some compatible servers; fall back to the position.
    int64_t index = static_cast<int64_t>(i);
    if (item.contains("index")) {
      if (!item["index"].is_number_integer()) {
        return UpstreamError("OpenAI embeddings response data[", std::to_string(i),
                             "].index is not an integer");
      }
      index = item["index"].get<int64_t>();
    }
    LH_ASSIGN_OR_RETURN(std::vector<float> v, ParseFloatArray(item["embedding"], "an embedding"));
    indexed.emplace_back(index, std::move(v));
  }
  std::sort(indexed.begin(), indexed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::vector<float>> out;
  out.reserve(indexed.size());
  for (size_t i = 0; i < indexed.size(); ++i) {
    if (indexed[i].first != static_cast<int64_t>(i)) {
      return UpstreamError("OpenAI embeddings response indexes are not 0..",
                           std::to_string(indexed.size() - 1));
    }
    out.push_back(std::move(indexed[i].second));
  }
  return out;
}

Json OpenAiProtocol::ChatRequest(const std::string& model, const GenerateRequest& request) const {
  Json messages = Json::array();
  for (const ChatMessage& m : request.messages) {
    messages.push_back({{"role", m.role}, {"content", m.content}});
  }
  Json body{{"model", model}, {"messages", std::move(messages)}};
  if (request.temperature) body["temperature"] = *request.temperature;
  if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
  return body;
}

Result<std::string> OpenAiProtocol::ParseChatResponse(const Json& body) const {
  if (!body.is_object() || !body.contains("choices") || !body["choices"].is_array() ||
      body["choices"].empty()) {
    return UpstreamError("OpenAI chat response has no choices");
  }
  const Json& choice = body["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object()) {
    return UpstreamError("OpenAI chat response choices[0] has no message");
  }
  const Json& content = choice["message"].value("content", Json());
  if (content.is_null()) return std::string();
  if (!content.is_string()) return UpstreamError("OpenAI chat response content is not a string");
  return content.get<std::string>();
}

}  // namespace lakehouse
