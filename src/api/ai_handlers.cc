#include "api/ai_handlers.h"

namespace lakehouse {
namespace {

Result<std::vector<std::string>> ParseTexts(const Json& body) {
  if (!body.contains("texts"))
    return InvalidArgument("missing field 'texts' (an array of strings)");
  const Json& texts = body["texts"];
  if (!texts.is_array()) return InvalidArgument("field 'texts' must be an array of strings");
  if (texts.size() > AiHandlers::kMaxEmbedTexts) {
    return InvalidArgument("field 'texts' holds ", std::to_string(texts.size()), " texts; at most ",
                           std::to_string(AiHandlers::kMaxEmbedTexts), " per request");
  }
  std::vector<std::string> out;
  out.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!texts[i].is_string()) {
      return InvalidArgument("texts[", std::to_string(i), "] must be a string");
    }
    out.push_back(texts[i].get<std::string>());
  }
  return out;
}

Result<std::vector<ChatMessage>> ParseMessages(const Json& messages) {
  if (!messages.is_array()) return InvalidArgument("field 'messages' must be an array");
  std::vector<ChatMessage> out;
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string at = StrCat("messages[", std::to_string(i), "]");
    if (!messages[i].is_object()) return InvalidArgument(at, " must be an object");
    LH_RETURN_IF_ERROR(RejectUnknownFields(messages[i], {"role", "content"}, at + "."));
    Result<std::string> role = RequiredString(messages[i], "role");
    if (!role.ok()) return role.status().WithContext(at);
    Result<std::string> content = RequiredString(messages[i], "content");
    if (!content.ok()) return content.status().WithContext(at);
    out.push_back({std::move(*role), std::move(*content)});
  }
  return out;
}

Result<GenerateRequest> ParseGenerateRequest(const Json& body) {
  GenerateRequest request;
  const bool has_prompt = body.contains("prompt") && !body["prompt"].is_null();
  const bool has_messages = body.contains("messages") && !body["messages"].is_null();
  if (has_prompt == has_messages) {
    return InvalidArgument(
        "give exactly one of 'prompt' (a string) and 'messages' (an array of "
        "{\"role\",\"content\"})");
  }
  LH_ASSIGN_OR_RETURN(std::optional<std::string> system, OptionalString(body, "system"));
  if (system) request.messages.push_back({"system", std::move(*system)});
  if (has_prompt) {
    LH_ASSIGN_OR_RETURN(std::string prompt, RequiredString(body, "prompt"));
    request.messages.push_back({"user", std::move(prompt)});
  } else {
    LH_ASSIGN_OR_RETURN(std::vector<ChatMessage> messages, ParseMessages(body["messages"]));
    for (ChatMessage& m : messages) request.messages.push_back(std::move(m));
  }
  if (body.contains("temperature") && !body["temperature"].is_null()) {
    if (!body["temperature"].is_number()) {
      return InvalidArgument("field 'temperature' must be a number");
    }
    request.temperature = body["temperature"].get<double>();
  }
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> max_tokens, OptionalInt(body, "max_tokens"));
  if (max_tokens) {
    if (*max_tokens < 1 || *max_tokens > 1'000'000) {
      return InvalidArgument("field 'max_tokens' must be between 1 and 1000000");
    }
    request.max_tokens = static_cast<int32_t>(*max_tokens);
  }
  LH_RETURN_IF_ERROR(ValidateGenerateRequest(request));
  return request;
}

}  // namespace

Result<HttpResponse> AiHandlers::Embed(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"model", "texts"}));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> model, OptionalString(body, "model"));
  LH_ASSIGN_OR_RETURN(std::vector<std::string> texts, ParseTexts(body));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<Embedder> embedder, embedders_->Get(model.value_or("")));
  LH_ASSIGN_OR_RETURN(std::vector<std::vector<float>> vectors, embedder->Embed(texts));
  return HttpResponse::JsonBody({{"model", embedder->model_id()},
                                 {"dimensions", embedder->dimensions()},
                                 {"embeddings", std::move(vectors)}});
}

Result<HttpResponse> AiHandlers::Generate(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"model", "prompt", "messages", "system", "temperature", "max_tokens"}));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> model, OptionalString(body, "model"));
  LH_ASSIGN_OR_RETURN(GenerateRequest generate, ParseGenerateRequest(body));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<Generator> generator, generators_->Get(model.value_or("")));
  LH_ASSIGN_OR_RETURN(GenerateResult result, generator->Generate(generate));
  return HttpResponse::JsonBody({{"model", result.model}, {"text", result.text}});
}

Result<HttpResponse> AiHandlers::Rerank(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"model", "query", "documents", "top_n"}));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> model, OptionalString(body, "model"));
  RerankRequest rerank;
  LH_ASSIGN_OR_RETURN(rerank.query, RequiredString(body, "query"));
  if (rerank.query.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("field 'query' is empty");
  }
  if (!body.contains("documents") || !body["documents"].is_array() || body["documents"].empty()) {
    return InvalidArgument("field 'documents' must be a non-empty array of strings");
  }
  const Json& documents = body["documents"];
  if (documents.size() > kMaxRerankDocuments) {
    return InvalidArgument("field 'documents' holds ", std::to_string(documents.size()),
                           " documents; at most ", std::to_string(kMaxRerankDocuments));
  }
  for (size_t i = 0; i < documents.size(); ++i) {
    if (!documents[i].is_string()) {
      return InvalidArgument("documents[", std::to_string(i), "] must be a string");
    }
    rerank.documents.push_back(documents[i].get<std::string>());
  }
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> top_n, OptionalInt(body, "top_n"));
  if (top_n) {
    if (*top_n < 1 || *top_n > static_cast<int64_t>(kMaxRerankDocuments)) {
      return InvalidArgument("field 'top_n' must be between 1 and ",
                             std::to_string(kMaxRerankDocuments));
    }
    rerank.top_n = static_cast<int32_t>(*top_n);
  }
  LH_ASSIGN_OR_RETURN(std::shared_ptr<Reranker> reranker, rerankers_->Get(model.value_or("")));
  LH_ASSIGN_OR_RETURN(RerankResult result, reranker->Rerank(rerank));
  Json results = Json::array();
  for (const RerankScore& score : result.scores) {
    results.push_back({{"index", score.index},
                       {"score", score.score},
                       {"document", rerank.documents[static_cast<size_t>(score.index)]}});
  }
  return HttpResponse::JsonBody({{"model", result.model}, {"results", std::move(results)}});
}

}  // namespace lakehouse
