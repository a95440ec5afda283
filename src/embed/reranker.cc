#include "embed/reranker.h"

#include <algorithm>

namespace lakehouse {

Json RerankRequestBody(RerankProtocol protocol, const std::string& model,
                       const RerankRequest& request) {
  if (protocol == RerankProtocol::kTei) {
    // TEI serves one model and takes no "model" field; it answers every text, best first.
    return Json{{"query", request.query}, {"texts", request.documents}, {"raw_scores", false}};
  }
  Json body = {{"model", model}, {"query", request.query}, {"documents", request.documents}};
  body["top_n"] =
      request.top_n > 0 ? request.top_n : static_cast<int32_t>(request.documents.size());
  body["return_documents"] = false;
  return body;
}

Result<std::vector<RerankScore>> ParseRerankResponse(RerankProtocol protocol, const Json& body,
                                                     size_t documents) {
  const bool tei = protocol == RerankProtocol::kTei;
  const Json* list = &body;
  if (!tei) {
    if (!body.is_object() || !body.contains("results")) {
      return UpstreamError("rerank response has no 'results' array");
    }
    list = &body["results"];
  }
  if (!list->is_array()) {
    return UpstreamError(tei ? "TEI rerank response is not an array"
                             : "rerank response 'results' is not an array");
  }
  const char* score_field = tei ? "score" : "relevance_score";
  std::vector<RerankScore> out;
  out.reserve(list->size());
  for (const Json& item : *list) {
    if (!item.is_object() || !item.contains("index") || !item["index"].is_number_integer() ||
        !item.contains(score_field) || !item[score_field].is_number()) {
      return UpstreamError("rerank result lacks an integer 'index' or a numeric '", score_field,
                           "'");
    }
    const int64_t index = item["index"].get<int64_t>();
    if (index < 0 || static_cast<size_t>(index) >= documents) {
      return UpstreamError("rerank result index ", std::to_string(index), " is out of range (",
                           std::to_string(documents), " documents)");
    }
    out.push_back(RerankScore{static_cast<int32_t>(index), item[score_field].get<double>()});
  }
  std::stable_sort(out.begin(), out.end(), [](const RerankScore& a, const RerankScore& b) {
    return a.score != b.score ? a.score > b.score : a.index < b.index;
  });
  return out;
}

Result<RerankResult> Reranker::Rerank(const RerankRequest& request) const {
  if (request.query.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("the rerank query is empty");
  }
  if (request.documents.empty()) return InvalidArgument("no documents to rerank");
  const std::string_view path = protocol_ == RerankProtocol::kTei ? "/rerank" : "/v1/rerank";
  LH_ASSIGN_OR_RETURN(Json body,
                      client_->PostJson(path, RerankRequestBody(protocol_, model_, request)));
  RerankResult out;
  out.model = model_id_;
  LH_ASSIGN_OR_RETURN(out.scores, ParseRerankResponse(protocol_, body, request.documents.size()));
  if (request.top_n > 0 && out.scores.size() > static_cast<size_t>(request.top_n)) {
    out.scores.resize(static_cast<size_t>(request.top_n));
  }
  return out;
}

}  // namespace lakehouse
