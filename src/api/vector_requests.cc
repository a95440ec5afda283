#include "api/vector_requests.h"

#include <string>
#include <utility>

#include "common/base64.h"

namespace lakehouse {
namespace {

Result<int32_t> KField(const Json& body, int32_t fallback) {
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> k, OptionalInt(body, "k"));
  if (!k) return fallback;
  if (*k < 1 || *k > 1000) return InvalidArgument("field 'k' must be in [1, 1000]");
  return static_cast<int32_t>(*k);
}

// A vector: a JSON array of numbers, or a string of base64 little-endian float32 values (as
// OpenAI's encoding_format "base64"). The slow path, when TakeFloatArrayField declined the body.
Result<std::vector<float>> NumberArray(const Json& v, std::string_view field) {
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    std::optional<std::vector<float>> decoded = DecodeFloat32Base64(text);
    if (!decoded) {
      return InvalidArgument("field '", field,
                             "' is a string but not padded base64 of little-endian float32 "
                             "values (4 bytes each)");
    }
    if (decoded->empty()) return InvalidArgument("field '", field, "' is an empty vector");
    return std::move(*decoded);
  }
  if (!v.is_array() || v.empty()) {
    return InvalidArgument("field '", field,
                           "' must be a non-empty array of numbers or a base64 float32 string");
  }
  std::vector<float> out;
  out.reserve(v.size());
  for (const Json& x : v) {
    if (!x.is_number()) return InvalidArgument("field '", field, "' must contain only numbers");
    out.push_back(static_cast<float>(x.get<double>()));
  }
  return out;
}

Result<std::optional<std::vector<float>>> VectorField(const Json& body) {
  if (!body.contains("vector") || body["vector"].is_null())
    return std::optional<std::vector<float>>();
  LH_ASSIGN_OR_RETURN(std::vector<float> v, NumberArray(body["vector"], "vector"));
  return std::optional<std::vector<float>>(std::move(v));
}

Result<std::optional<std::vector<std::string>>> ColumnsField(const Json& body) {
  if (!body.contains("columns") || body["columns"].is_null()) {
    return std::optional<std::vector<std::string>>();
  }
  const Json& list = body["columns"];
  if (!list.is_array()) return InvalidArgument("field 'columns' must be an array of names");
  std::vector<std::string> columns;
  for (const Json& c : list) {
    if (!c.is_string()) return InvalidArgument("field 'columns' must be an array of names");
    columns.push_back(c.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(columns));
}

Result<double> WeightField(const Json& hybrid, std::string_view field, double fallback) {
  if (!hybrid.contains(field) || hybrid[field].is_null()) return fallback;
  if (!hybrid[field].is_number()) {
    return InvalidArgument("field 'hybrid.", field, "' must be a number");
  }
  return hybrid[field].get<double>();
}

// mode, hybrid and rerank: how a search, a batch or RAG retrieves chunks (vector/search_mode.h).
template <typename Request>
Status ReadRetrievalOptions(const Json& body, Request* request) {
  LH_ASSIGN_OR_RETURN(std::optional<std::string> mode, OptionalString(body, "mode"));
  if (mode) {
    LH_ASSIGN_OR_RETURN(request->mode, ParseSearchMode(*mode));
  }
  if (body.contains("hybrid") && !body["hybrid"].is_null()) {
    const Json& hybrid = body["hybrid"];
    if (!hybrid.is_object()) return InvalidArgument("field 'hybrid' must be an object");
    LH_RETURN_IF_ERROR(RejectUnknownFields(
        hybrid, {"fusion", "vector_weight", "keyword_weight", "rrf_k", "candidates"}, "hybrid."));
    if (request->mode != SearchMode::kHybrid) {
      return InvalidArgument("field 'hybrid' needs \"mode\": \"hybrid\"");
    }
    HybridOptions& options = request->hybrid;
    LH_ASSIGN_OR_RETURN(std::optional<std::string> fusion, OptionalString(hybrid, "fusion"));
    if (fusion) {
      LH_ASSIGN_OR_RETURN(options.fusion, ParseHybridFusion(*fusion));
    }
    LH_ASSIGN_OR_RETURN(options.vector_weight,
                        WeightField(hybrid, "vector_weight", options.vector_weight));
    LH_ASSIGN_OR_RETURN(options.keyword_weight,
                        WeightField(hybrid, "keyword_weight", options.keyword_weight));
    LH_ASSIGN_OR_RETURN(std::optional<int64_t> rrf_k, OptionalInt(hybrid, "rrf_k"));
    if (rrf_k) {
      if (*rrf_k < 1 || *rrf_k > 10'000) {
        return InvalidArgument("field 'hybrid.rrf_k' must be in [1, 10000]");
      }
      options.rrf_k = static_cast<int32_t>(*rrf_k);
    }
    LH_ASSIGN_OR_RETURN(std::optional<int64_t> candidates, OptionalInt(hybrid, "candidates"));
    if (candidates) {
      if (*candidates < 1 || *candidates > 10'000) {
        return InvalidArgument("field 'hybrid.candidates' must be in [1, 10000]");
      }
      options.candidates = static_cast<int32_t>(*candidates);
    }
    LH_RETURN_IF_ERROR(options.Validate());
  }
  if (body.contains("rerank") && !body["rerank"].is_null()) {
    const Json& rerank = body["rerank"];
    if (!rerank.is_object()) {
      return InvalidArgument("field 'rerank' must be an object {\"model\"?, \"candidates\"?}");
    }
    LH_RETURN_IF_ERROR(RejectUnknownFields(rerank, {"model", "candidates"}, "rerank."));
    RerankOptions options;
    LH_ASSIGN_OR_RETURN(std::optional<std::string> model, OptionalString(rerank, "model"));
    options.model = model.value_or("");
    LH_ASSIGN_OR_RETURN(std::optional<int64_t> candidates, OptionalInt(rerank, "candidates"));
    if (candidates) {
      if (*candidates < 1 || *candidates > RerankOptions::kMaxCandidates) {
        return InvalidArgument("field 'rerank.candidates' must be in [1, ",
                               std::to_string(RerankOptions::kMaxCandidates), "]");
      }
      options.candidates = static_cast<int32_t>(*candidates);
    }
    request->rerank = std::move(options);
  }
  return Status::Ok();
}

// k, filter, exact, ef_search, columns and the retrieval options: the options of a search and of a
// batch.
template <typename Request>
Status ReadSearchOptions(const Json& body, Request* request) {
  LH_ASSIGN_OR_RETURN(request->k, KField(body, 10));
  LH_ASSIGN_OR_RETURN(request->filter, OptionalString(body, "filter"));
  LH_ASSIGN_OR_RETURN(std::optional<bool> exact, OptionalBool(body, "exact"));
  request->exact = exact.value_or(false);
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> ef_search, OptionalInt(body, "ef_search"));
  if (ef_search && (*ef_search < 1 || *ef_search > 10'000)) {
    return InvalidArgument("field 'ef_search' must be in [1, 10000]");
  }
  if (ef_search) request->ef_search = static_cast<int32_t>(*ef_search);
  LH_ASSIGN_OR_RETURN(request->columns, ColumnsField(body));
  return ReadRetrievalOptions(body, request);
}

}  // namespace

Result<SearchRequest> ParseSearchRequest(const Json& body,
                                         std::optional<std::vector<float>> taken_vector) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"index", "query", "vector", "k", "filter", "exact", "ef_search",
                                 "columns", "mode", "hybrid", "rerank"}));
  SearchRequest search;
  LH_ASSIGN_OR_RETURN(search.index, RequiredString(body, "index"));
  LH_ASSIGN_OR_RETURN(search.query, OptionalString(body, "query"));
  if (taken_vector) {
    search.vector = std::move(taken_vector);
  } else {
    LH_ASSIGN_OR_RETURN(search.vector, VectorField(body));
  }
  if (search.query.has_value() == search.vector.has_value()) {
    return InvalidArgument("give exactly one of 'query' and 'vector'");
  }
  LH_RETURN_IF_ERROR(ReadSearchOptions(body, &search));
  return search;
}

Result<SearchBatchRequest> ParseSearchBatchRequest(
    const Json& body, std::optional<std::vector<std::vector<float>>> taken_vectors) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"index", "vectors", "queries", "k", "filter", "exact", "ef_search",
                                 "columns", "mode", "hybrid", "rerank"}));
  SearchBatchRequest batch;
  LH_ASSIGN_OR_RETURN(batch.index, RequiredString(body, "index"));
  if (taken_vectors) {
    batch.vectors = std::move(*taken_vectors);
  } else if (body.contains("vectors") && !body["vectors"].is_null()) {
    const Json& list = body["vectors"];
    if (!list.is_array() || list.empty()) {
      return InvalidArgument("field 'vectors' must be a non-empty array of vectors");
    }
    for (size_t i = 0; i < list.size(); ++i) {
      LH_ASSIGN_OR_RETURN(std::vector<float> v,
                          NumberArray(list[i], "vectors[" + std::to_string(i) + "]"));
      batch.vectors.push_back(std::move(v));
    }
  }
  if (body.contains("queries") && !body["queries"].is_null()) {
    const Json& list = body["queries"];
    if (!list.is_array() || list.empty()) {
      return InvalidArgument("field 'queries' must be a non-empty array of strings");
    }
    for (const Json& q : list) {
      if (!q.is_string())
        return InvalidArgument("field 'queries' must be a non-empty array of strings");
      batch.queries.push_back(q.get<std::string>());
    }
  }
  LH_RETURN_IF_ERROR(ReadSearchOptions(body, &batch));
  return batch;
}

Result<RagRequest> ParseRagRequest(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"index", "question", "k", "model", "filter", "mode", "hybrid", "rerank"}));
  RagRequest rag;
  LH_ASSIGN_OR_RETURN(rag.index, RequiredString(body, "index"));
  LH_ASSIGN_OR_RETURN(rag.question, RequiredString(body, "question"));
  if (rag.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("field 'question' is empty");
  }
  LH_ASSIGN_OR_RETURN(rag.k, KField(body, 5));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> model, OptionalString(body, "model"));
  rag.model = model.value_or("");
  LH_ASSIGN_OR_RETURN(rag.filter, OptionalString(body, "filter"));
  LH_RETURN_IF_ERROR(ReadRetrievalOptions(body, &rag));
  return rag;
}

Result<IndexEvalRequest> ParseEvalRequest(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"queries", "sample", "seed", "k", "ef_search"}));
  IndexEvalRequest out;
  LH_ASSIGN_OR_RETURN(out.k, KField(body, 10));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> sample, OptionalInt(body, "sample"));
  if (sample && (*sample < 1 || *sample > static_cast<int64_t>(IndexEvalRequest::kMaxQueries))) {
    return InvalidArgument("field 'sample' must be in [1, ",
                           std::to_string(IndexEvalRequest::kMaxQueries), "]");
  }
  if (sample) out.sample = static_cast<int32_t>(*sample);
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> seed, OptionalInt(body, "seed"));
  if (seed) out.seed = static_cast<uint64_t>(*seed);
  if (body.contains("ef_search") && !body["ef_search"].is_null()) {
    const Json& efs = body["ef_search"];
    const Json list = efs.is_array() ? efs : Json::array({efs});
    for (const Json& ef : list) {
      if (!ef.is_number_integer() || ef.get<int64_t>() < 1 || ef.get<int64_t>() > 10'000) {
        return InvalidArgument("field 'ef_search' must be an integer in [1, 10000] or a list");
      }
      out.ef_search.push_back(static_cast<int32_t>(ef.get<int64_t>()));
    }
  }
  if (body.contains("queries") && !body["queries"].is_null()) {
    const Json& queries = body["queries"];
    if (!queries.is_array() || queries.empty()) {
      return InvalidArgument("field 'queries' must be a non-empty array");
    }
    for (size_t i = 0; i < queries.size(); ++i) {
      const Json& q = queries[i];
      const std::string where = "queries[" + std::to_string(i) + "]";
      if (!q.is_object()) return InvalidArgument(where, " must be an object");
      LH_RETURN_IF_ERROR(RejectUnknownFields(q, {"query", "vector", "expected_doc_ids"}));
      EvalQuery query;
      LH_ASSIGN_OR_RETURN(query.query, OptionalString(q, "query"));
      LH_ASSIGN_OR_RETURN(query.vector, VectorField(q));
      if (!q.contains("expected_doc_ids") || !q["expected_doc_ids"].is_array()) {
        return InvalidArgument(where, ": 'expected_doc_ids' must be an array of doc ids");
      }
      for (const Json& id : q["expected_doc_ids"]) {
        if (id.is_string()) {
          query.expected_doc_ids.push_back(id.get<std::string>());
        } else if (id.is_number_integer()) {
          query.expected_doc_ids.push_back(std::to_string(id.get<int64_t>()));
        } else {
          return InvalidArgument(where, ": 'expected_doc_ids' must hold strings or integers");
        }
      }
      out.queries.push_back(std::move(query));
    }
  }
  return out;
}

}  // namespace lakehouse
