#include "api/vector_handlers.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "api/job_handlers.h"
#include "api/request_audit.h"
#include "api/request_policy.h"
#include "api/vector_requests.h"
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

Json TrialJson(const EfTrial& t) {
  auto round = [](double v, double scale) { return std::round(v * scale) / scale; };
  return Json{{"recall", round(t.recall, 1e4)},
              {"p50_us", round(t.p50_us, 10)},
              {"p95_us", round(t.p95_us, 10)},
              {"p99_us", round(t.p99_us, 10)}};
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
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kRead));
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
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kRead));
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
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kRead));
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
  LH_RETURN_IF_ERROR(RequireOnIndex(request, request.PathParam("name"), Permission::kRead));
  LH_ASSIGN_OR_RETURN(IndexFreshness freshness, vectors_->Freshness(request.PathParam("name")));
  Json out = freshness.ToJson();
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> VectorHandlers::Search(HttpRequest& request) {
  // The query vector is most of the body: read it without nlohmann's lexer (see the header).
  std::optional<std::vector<float>> vector = TakeFloatArrayField(request.body, "vector");
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(SearchRequest search, ParseSearchRequest(body, std::move(vector)));
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
  LH_ASSIGN_OR_RETURN(SearchBatchRequest batch, ParseSearchBatchRequest(body, std::move(vectors)));
  LH_ASSIGN_OR_RETURN(batch.scope, policy_views_->ScopeFor(PolicyOf(request)));
  Result<SearchResults> out = vectors_->SearchBatch(batch);
  if (!out.ok()) return Failed(out.status(), request);
  RecordSearchSubjects(AuditOf(request), *out);
  return HttpResponse::Text(out->ToJson(/*batch=*/true), "application/json");
}

Result<HttpResponse> VectorHandlers::Rag(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(RagRequest rag, ParseRagRequest(body));
  LH_ASSIGN_OR_RETURN(rag.scope, policy_views_->ScopeFor(PolicyOf(request)));
  Result<RagAnswer> out = vectors_->Rag(rag);
  if (!out.ok()) return Failed(out.status(), request);
  if (AuditRecord* audit = AuditOf(request)) {
    // The subjects an answer returned are the documents it cites.
    audit->index_name = out->index.empty() ? rag.index : out->index;
    for (const RagSource& cited : out->citations) AddDocId(audit, cited.doc_id);
  }
  return HttpResponse::JsonBody(out->ToJson());
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
  if (std::optional<std::string> dataset = request.QueryParam("dataset");
      dataset && !dataset->empty()) {
    LH_RETURN_IF_ERROR(authorizer_->Require(PolicyOf(request), *dataset, Permission::kRead));
  }
  LH_ASSIGN_OR_RETURN(std::vector<IndexFreshness> stale,
                      vectors_->Stale(request.QueryParam("dataset").value_or("")));
  // As in ListIndexes: the indexes over datasets the policy is granted only.
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const PolicyScope> scope,
                      policy_views_->ScopeFor(PolicyOf(request)));
  Json list = Json::array();
  for (const IndexFreshness& entry : stale) {
    if (scope && !scope->tables.contains(AsciiLower(entry.dataset))) continue;
    list.push_back(entry.ToJson());
  }
  Json out = Json{{"stale", std::move(list)}};
  return HttpResponse::JsonBody(out);
}

}  // namespace lakehouse
