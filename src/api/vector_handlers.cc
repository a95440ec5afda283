#include "api/vector_handlers.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "api/job_handlers.h"
#include "api/request_audit.h"
#include "api/request_policy.h"
#include "common/base64.h"
#include "common/clock.h"
#include "common/json_float_array.h"
#include "common/strings.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

// The fields of an index definition (vector/index_definition.h), for create, refresh and patch.
Status RejectUnknownIndexFields(const Json& body) {
  return RejectUnknownFields(
      body, {"index_name", "dataset", "id_column", "text_column", "vector_column", "template",
             "chunk_size", "overlap", "model", "dimensions", "metric", "hnsw", "target_recall",
             "refresh_policy"});
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
        hybrid, {"vector_weight", "keyword_weight", "rrf_k", "candidates"}, "hybrid."));
    if (request->mode != SearchMode::kHybrid) {
      return InvalidArgument("field 'hybrid' needs \"mode\": \"hybrid\"");
    }
    HybridOptions& options = request->hybrid;
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

Json TrialJson(const EfTrial& t) {
  auto round = [](double v, double scale) { return std::round(v * scale) / scale; };
  return Json{{"recall", round(t.recall, 1e4)},
              {"p50_us", round(t.p50_us, 10)},
              {"p95_us", round(t.p95_us, 10)},
              {"p99_us", round(t.p99_us, 10)}};
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

Json TrialRecordJson(const TrialRecord& t) {
  Json out = TrialJson({t.ef_search, t.recall, t.p50_us, t.p95_us, t.p99_us});
  out["trial_id"] = t.id;
  out["generation"] = t.generation;
  out["created_at"] = FormatTimestamp(t.created_at);
  out["source"] = t.sampled ? "sampled" : "given";
  out["queries"] = t.queries;
  out["k"] = t.k;
  out["m"] = t.m;
  out["ef_construction"] = t.ef_construction;
  out["ef_search"] = t.ef_search;
  out["build_ms"] = t.build_ms;
  out["memory_bytes"] = t.memory_bytes;
  out["promoted"] = t.promoted;
  return out;
}

Json TrialsJson(const std::vector<TrialRecord>& trials) {
  Json out = Json::array();
  for (const TrialRecord& t : trials) out.push_back(TrialRecordJson(t));
  return out;
}

Result<double> RecallParam(const Json& body, std::string_view field, double fallback) {
  if (!body.contains(field) || body[field].is_null()) return fallback;
  if (!body[field].is_number()) return InvalidArgument("field '", field, "' must be a number");
  const double value = body[field].get<double>();
  if (!(value > 0 && value <= 1)) return InvalidArgument("field '", field, "' must be in (0, 1]");
  return value;
}

// Audit subjects (audit_record.h): the doc ids a search returned, once each, in rank order; the
// log resolves them to keys of the index's dataset.
void AddDocId(AuditRecord* audit, const std::string& doc_id) {
  if (doc_id.empty() ||
      std::find(audit->doc_ids.begin(), audit->doc_ids.end(), doc_id) != audit->doc_ids.end()) {
    return;
  }
  audit->doc_ids.push_back(doc_id);
}

void RecordSearchSubjects(AuditRecord* audit, const SearchResults& out) {
  if (audit == nullptr) return;
  audit->index_name = out.index;
  for (const auto& hits : out.hits) {
    for (const ChunkHit& hit : hits) AddDocId(audit, hit.chunk.doc_id);
  }
}

}  // namespace

Result<HttpResponse> VectorHandlers::RunTrials(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kWrite));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(IndexEvalRequest eval, ParseEvalRequest(body));
  eval.index = request.PathParam("name");
  Result<std::vector<TrialRecord>> trials = vectors_->RunTrials(eval);
  if (!trials.ok()) return Failed(trials.status(), request);
  return HttpResponse::JsonBody(Json{{"trials", TrialsJson(*trials)}});
}

Result<HttpResponse> VectorHandlers::ListTrials(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(std::vector<TrialRecord> trials,
                      vectors_->ListTrials(request.PathParam("name")));
  return HttpResponse::JsonBody(Json{{"trials", TrialsJson(trials)}});
}

Result<HttpResponse> VectorHandlers::BestTrials(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(TrialOrder order,
                      ParseTrialOrder(request.QueryParam("by").value_or("recall")));
  double min_recall = 0;
  if (std::optional<std::string> text = request.QueryParam("min_recall")) {
    char* end = nullptr;
    min_recall = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || !(min_recall >= 0) ||
        min_recall > 1) {
      return InvalidArgument("query parameter 'min_recall' must be a number in [0, 1]");
    }
  }
  LH_ASSIGN_OR_RETURN(std::vector<TrialRecord> best,
                      vectors_->BestTrials(request.PathParam("name"), order, min_recall));
  Json out = {{"by", request.QueryParam("by").value_or("recall")}, {"min_recall", min_recall}};
  out["trials"] = TrialsJson(best);
  out["best"] = best.empty() ? Json(nullptr) : TrialRecordJson(best.front());
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> VectorHandlers::Autotune(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kWrite));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"min_recall", "ef_search", "sample", "seed"}));
  Json eval_body = body;
  eval_body.erase("min_recall");
  LH_ASSIGN_OR_RETURN(IndexEvalRequest eval, ParseEvalRequest(eval_body));
  AutotuneRequest autotune;
  autotune.index = request.PathParam("name");
  LH_ASSIGN_OR_RETURN(autotune.min_recall, RecallParam(body, "min_recall", 0.95));
  autotune.ef_search = eval.ef_search;
  autotune.sample = eval.sample;
  autotune.seed = eval.seed;
  Result<AutotuneResult> result = vectors_->Autotune(autotune);
  if (!result.ok()) return Failed(result.status(), request);
  return HttpResponse::JsonBody(
      Json{{"min_recall", autotune.min_recall},
           {"promoted", result->winner.has_value()},
           {"winner", result->winner ? TrialRecordJson(*result->winner) : Json(nullptr)},
           {"trials", TrialsJson(result->trials)}});
}

Result<HttpResponse> VectorHandlers::Evaluate(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(IndexEvalRequest eval, ParseEvalRequest(body));
  eval.index = request.PathParam("name");
  Result<IndexEvalResult> result = vectors_->EvaluateIndex(eval);
  if (!result.ok()) return Failed(result.status(), request);
  Json trials = Json::array();
  for (const EfTrial& t : result->trials) {
    Json trial = TrialJson(t);
    trial["ef_search"] = t.ef_search;
    trials.push_back(std::move(trial));
  }
  return HttpResponse::JsonBody(Json{{"index_name", result->index},
                                     {"source", result->sampled ? "sampled" : "given"},
                                     {"truth", result->sampled ? "exact" : "expected_doc_ids"},
                                     {"k", result->k},
                                     {"queries", result->queries},
                                     {"strategy", SearchStrategyName(result->strategy)},
                                     {"ef_search", result->ef_search},
                                     {"exact", TrialJson(result->exact)},
                                     {"trials", std::move(trials)}});
}

Status VectorHandlers::RequireOnIndex(const HttpRequest& request, std::string_view name,
                                      Permission needed) const {
  LH_ASSIGN_OR_RETURN(std::string dataset, vectors_->IndexDataset(name));
  Status allowed = authorizer_->Require(PolicyOf(request), dataset, needed);
  if (allowed.code() == StatusCode::kNotFound) {
    return NotFound("vector index '", std::string(name), "' does not exist");
  }
  return allowed;
}

Result<HttpResponse> VectorHandlers::CreateIndex(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownIndexFields(body));
  LH_ASSIGN_OR_RETURN(IndexFields fields, ParseIndexFields(body));
  if (fields.dataset) {  // without one the service says what is missing
    LH_RETURN_IF_ERROR(
        authorizer_->Require(PolicyOf(request), *fields.dataset, Permission::kWrite));
  }
  LH_ASSIGN_OR_RETURN(Job job, vectors_->CreateIndex(fields));
  return JobStartedResponse(jobs_, job, request);
}

Result<HttpResponse> VectorHandlers::ListIndexes(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes,
                      vectors_->ListIndexes(request.QueryParam("dataset").value_or(""),
                                            request.QueryParam("model").value_or("")));
  // A restricted policy sees the indexes over datasets it is granted only.
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const PolicyScope> scope,
                      policy_views_->ScopeFor(PolicyOf(request)));
  Json list = Json::array();
  for (const IndexInfo& info : indexes) {
    if (scope && !scope->tables.contains(AsciiLower(info.record.definition.dataset))) continue;
    list.push_back(info.ToJson());
  }
  return HttpResponse::JsonBody(Json{{"indexes", std::move(list)}});
}

Result<HttpResponse> VectorHandlers::GetIndex(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(IndexInfo info, vectors_->GetIndex(request.PathParam("name")));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const PolicyScope> scope,
                      policy_views_->ScopeFor(PolicyOf(request)));
  if (scope && !scope->tables.contains(AsciiLower(info.record.definition.dataset))) {
    return NotFound("vector index '", request.PathParam("name"), "' does not exist");
  }
  return HttpResponse::JsonBody(info.ToJson());
}

Result<HttpResponse> VectorHandlers::PatchIndex(HttpRequest& request) {
  // A malformed body is 400 whoever asks; then the permission (404 for an index not granted).
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownIndexFields(body));
  LH_ASSIGN_OR_RETURN(IndexFields patch, ParseIndexFields(body));
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kWrite));
  LH_ASSIGN_OR_RETURN(VectorService::PatchOutcome patched,
                      vectors_->PatchIndex(request.PathParam("name"), patch));
  Json out = patched.index.ToJson();
  out["job_id"] = patched.rebuild ? Json(patched.rebuild->id) : Json(nullptr);
  out["rebuild"] = patched.rebuild.has_value();
  return HttpResponse::JsonBody(out, patched.rebuild ? 202 : 200);
}

Result<HttpResponse> VectorHandlers::DeleteIndex(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kWrite));
  LH_RETURN_IF_ERROR(vectors_->DeleteIndex(request.PathParam("name")));
  return HttpResponse::JsonBody(Json{{"deleted", request.PathParam("name")}});
}

Result<HttpResponse> VectorHandlers::Freshness(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(IndexFreshness freshness, vectors_->Freshness(request.PathParam("name")));
  Json out = freshness.ToJson();
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> VectorHandlers::Search(HttpRequest& request) {
  // The query vector is most of the body: read it without nlohmann's lexer (see the header).
  std::optional<std::vector<float>> vector = TakeFloatArrayField(request.body, "vector");
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"index", "query", "vector", "k", "filter", "exact", "ef_search",
                                 "columns", "mode", "hybrid", "rerank"}));
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
  LH_ASSIGN_OR_RETURN(search.scope, policy_views_->ScopeFor(PolicyOf(request)));
  Result<SearchResults> out = vectors_->Search(search);
  if (!out.ok()) return Failed(out.status(), request);
  RecordSearchSubjects(AuditOf(request), *out);
  return HttpResponse::Text(out->ToJson(/*batch=*/false), "application/json");
}

Result<HttpResponse> VectorHandlers::SearchBatch(HttpRequest& request) {
  // As in Search: the query vectors are most of the body.
  std::optional<std::vector<std::vector<float>>> vectors =
      TakeFloatArraysField(request.body, "vectors");
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"index", "vectors", "queries", "k", "filter", "exact", "ef_search",
                                 "columns", "mode", "hybrid", "rerank"}));
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
  LH_ASSIGN_OR_RETURN(batch.scope, policy_views_->ScopeFor(PolicyOf(request)));
  Result<SearchResults> out = vectors_->SearchBatch(batch);
  if (!out.ok()) return Failed(out.status(), request);
  RecordSearchSubjects(AuditOf(request), *out);
  return HttpResponse::Text(out->ToJson(/*batch=*/true), "application/json");
}

Result<HttpResponse> VectorHandlers::Rag(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
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
  LH_ASSIGN_OR_RETURN(rag.scope, policy_views_->ScopeFor(PolicyOf(request)));
  Result<Json> out = vectors_->Rag(rag);
  if (!out.ok()) return Failed(out.status(), request);
  if (AuditRecord* audit = AuditOf(request)) {
    // The subjects an answer returned are the documents it cites.
    audit->index_name = out->value("index", rag.index);
    for (const Json& cited : out->value("citations", Json::array())) {
      AddDocId(audit, cited.value("doc_id", ""));
    }
  }
  return HttpResponse::JsonBody(*out);
}

Result<HttpResponse> VectorHandlers::Refresh(HttpRequest& request) {
  LH_RETURN_IF_ERROR(
      authorizer_->Require(PolicyOf(request), request.PathParam("dataset"), Permission::kWrite));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownIndexFields(body));
  LH_ASSIGN_OR_RETURN(IndexFields fields, ParseIndexFields(body));
  LH_ASSIGN_OR_RETURN(VectorService::RefreshRequestOutcome outcome,
                      vectors_->RequestRefresh(request.PathParam("dataset"), fields));
  if (outcome.up_to_date) {
    Json out = outcome.up_to_date->ToJson();
    out["up_to_date"] = true;
    return HttpResponse::JsonBody(out);
  }
  return JobStartedResponse(jobs_, outcome.job, request);
}

Result<HttpResponse> VectorHandlers::Stale(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(std::vector<IndexFreshness> stale,
                      vectors_->Stale(request.QueryParam("dataset").value_or("")));
  Json list = Json::array();
  for (const IndexFreshness& entry : stale) list.push_back(entry.ToJson());
  Json out = Json{{"stale", std::move(list)}};
  return HttpResponse::JsonBody(out);
}

}  // namespace lakehouse
