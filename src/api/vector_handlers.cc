#include "api/vector_handlers.h"

#include "api/job_handlers.h"
#include "common/base64.h"
#include "common/json_float_array.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

// The fields of an index definition (vector/index_definition.h), for create, refresh and patch.
Status RejectUnknownIndexFields(const Json& body) {
  return RejectUnknownFields(
      body, {"index_name", "dataset", "id_column", "text_column", "vector_column", "template",
             "chunk_size", "overlap", "model", "dimensions", "metric", "hnsw", "refresh_policy"});
}

// An index still loading after a restart: 503 with Retry-After, so clients back off and retry.
constexpr const char* kLoadingRetryAfterSeconds = "2";
Result<HttpResponse> Failed(const Status& status, const HttpRequest& request) {
  if (status.code() != StatusCode::kUnavailable) return status;
  HttpResponse response = ErrorResponse(status, request.request_id);
  response.headers.emplace("Retry-After", kLoadingRetryAfterSeconds);
  return response;
}

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

// k, filter, exact and columns: the options of a search and of a batch of searches.
template <typename Request>
Status ReadSearchOptions(const Json& body, Request* request) {
  LH_ASSIGN_OR_RETURN(request->k, KField(body, 10));
  LH_ASSIGN_OR_RETURN(request->filter, OptionalString(body, "filter"));
  LH_ASSIGN_OR_RETURN(std::optional<bool> exact, OptionalBool(body, "exact"));
  request->exact = exact.value_or(false);
  LH_ASSIGN_OR_RETURN(request->columns, ColumnsField(body));
  return Status::Ok();
}

}  // namespace

Result<HttpResponse> VectorHandlers::CreateIndex(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownIndexFields(body));
  LH_ASSIGN_OR_RETURN(Job job, vectors_->CreateIndex(body));
  return JobStartedResponse(jobs_, job, request);
}

Result<HttpResponse> VectorHandlers::ListIndexes(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json out, vectors_->ListIndexes(request.QueryParam("dataset").value_or(""),
                                                      request.QueryParam("model").value_or("")));
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> VectorHandlers::GetIndex(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json out, vectors_->GetIndex(request.PathParam("name")));
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> VectorHandlers::PatchIndex(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownIndexFields(body));
  LH_ASSIGN_OR_RETURN(VectorService::PatchOutcome patched,
                      vectors_->PatchIndex(request.PathParam("name"), body));
  Json out = std::move(patched.index);
  out["job_id"] = patched.rebuild ? Json(patched.rebuild->id) : Json(nullptr);
  out["rebuild"] = patched.rebuild.has_value();
  return HttpResponse::JsonBody(out, patched.rebuild ? 202 : 200);
}

Result<HttpResponse> VectorHandlers::DeleteIndex(HttpRequest& request) {
  LH_RETURN_IF_ERROR(vectors_->DeleteIndex(request.PathParam("name")));
  return HttpResponse::JsonBody(Json{{"deleted", request.PathParam("name")}});
}

Result<HttpResponse> VectorHandlers::Freshness(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json out, vectors_->Freshness(request.PathParam("name")));
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> VectorHandlers::Search(HttpRequest& request) {
  // The query vector is most of the body: read it without nlohmann's lexer (see the header).
  std::optional<std::vector<float>> vector = TakeFloatArrayField(request.body, "vector");
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"index", "query", "vector", "k", "filter", "exact", "columns"}));
  SearchRequest search;
  LH_ASSIGN_OR_RETURN(search.index, RequiredString(body, "index"));
  LH_ASSIGN_OR_RETURN(search.query, OptionalString(body, "query"));
  if (vector) {
    search.vector = std::move(vector);
  } else {
    LH_ASSIGN_OR_RETURN(search.vector, VectorField(body));
  }
  if (search.query.has_value() == search.vector.has_value()) {
    return InvalidArgument("give exactly one of 'query' and 'vector'");
  }
  LH_RETURN_IF_ERROR(ReadSearchOptions(body, &search));
  Result<SearchResults> out = vectors_->Search(search);
  if (!out.ok()) return Failed(out.status(), request);
  return HttpResponse::Text(out->ToJson(/*batch=*/false), "application/json");
}

Result<HttpResponse> VectorHandlers::SearchBatch(HttpRequest& request) {
  // As in Search: the query vectors are most of the body.
  std::optional<std::vector<std::vector<float>>> vectors =
      TakeFloatArraysField(request.body, "vectors");
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"index", "vectors", "queries", "k", "filter", "exact", "columns"}));
  SearchBatchRequest batch;
  LH_ASSIGN_OR_RETURN(batch.index, RequiredString(body, "index"));
  if (vectors) {
    batch.vectors = std::move(*vectors);
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
  Result<SearchResults> out = vectors_->SearchBatch(batch);
  if (!out.ok()) return Failed(out.status(), request);
  return HttpResponse::Text(out->ToJson(/*batch=*/true), "application/json");
}

Result<HttpResponse> VectorHandlers::Rag(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"index", "question", "k", "model", "filter"}));
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
  Result<Json> out = vectors_->Rag(rag);
  if (!out.ok()) return Failed(out.status(), request);
  return HttpResponse::JsonBody(*out);
}

Result<HttpResponse> VectorHandlers::Refresh(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownIndexFields(body));
  LH_ASSIGN_OR_RETURN(VectorService::RefreshRequestOutcome outcome,
                      vectors_->RequestRefresh(request.PathParam("dataset"), body));
  if (outcome.up_to_date) {
    Json out = outcome.up_to_date->ToJson();
    out["up_to_date"] = true;
    return HttpResponse::JsonBody(out);
  }
  return JobStartedResponse(jobs_, outcome.job, request);
}

Result<HttpResponse> VectorHandlers::Stale(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json out, vectors_->Stale(request.QueryParam("dataset").value_or("")));
  return HttpResponse::JsonBody(out);
}

}  // namespace lakehouse
