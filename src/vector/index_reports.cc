#include "vector/index_reports.h"

#include <algorithm>

#include "common/clock.h"

namespace lakehouse {
namespace {

Json OptionalTime(const std::optional<int64_t>& micros) {
  return micros ? Json(FormatTimestamp(*micros)) : Json(nullptr);
}

Json OptionalText(const std::optional<std::string>& text) {
  return text ? Json(*text) : Json(nullptr);
}

Json RecallJson(const IndexInfo& info) {
  const IndexRecord& r = info.record;
  Json out = {{"target", r.definition.target_recall},
              {"strategy", SearchStrategyName(info.strategy)}};
  if (!r.recall) {
    out["measured"] = nullptr;
    out["ef_search"] = r.definition.ef_search;
    out["k"] = 10;
    out["sample_queries"] = 0;
    out["measured_at"] = nullptr;
    return out;
  }
  const RecallMeasurement& m = *r.recall;
  const Json measurement = m.ToJson();
  // A user's PATCHed ef_search applies until the next measurement (unmeasured at that value
  // unless the ladder tried it).
  out["measured"] = info.strategy == SearchStrategy::kExact ? Json(1.0)
                    : m.sample_queries == 0                 ? Json(nullptr)
                                                            : measurement["measured"];
  out["ef_search"] = m.ef_search;
  out["k"] = m.k;
  out["sample_queries"] = m.sample_queries;
  out["measured_at"] = OptionalTime(m.measured_at);
  out["chunk_count"] = m.chunk_count;
  out["exact_p50_us"] = measurement["exact_p50_us"];
  out["trials"] = measurement["trials"];
  return out;
}

Json ActiveJobJson(const std::optional<Job>& job) {
  if (!job) return nullptr;
  const Json full = job->ToJson();
  return Json{{"job_id", full["job_id"]},
              {"state", full["state"]},
              {"progress", full["progress"]},
              {"message", full["message"]},
              {"started_at", full["started_at"]}};
}

}  // namespace

Json IndexInfo::ToJson() const {
  const IndexRecord& r = record;
  Json out = r.definition.ToJson();
  out["status"] = IndexStatusName(status);
  out["generation"] = r.generation;
  out["doc_count"] = doc_count;
  out["chunk_count"] = chunk_count;
  out["dimensions"] = dimensions;
  out["model_version"] = r.definition.model;
  out["built_from_version"] = r.built_from_version;
  out["last_embedded_at"] = OptionalTime(r.last_embedded_at);
  out["build_ms"] = r.build_ms;
  out["chunks_per_s"] = r.chunks_per_s;
  out["created_at"] = FormatTimestamp(r.created_at);
  out["last_used"] = OptionalTime(last_used);
  out["last_error"] = OptionalText(r.last_error);
  out["failures"] = r.failures;
  out["next_retry_at"] = OptionalTime(r.next_retry_at);
  out["recall"] = RecallJson(*this);
  if (graph) {
    out["graph"] = {
        {"live", graph->live}, {"deleted", graph->deleted}, {"capacity", graph->capacity}};
  }
  if (shadow) {
    out["shadow"] = {{"generation", shadow->generation},
                     {"built_from_version", shadow->built_from_version},
                     {"doc_count", shadow->doc_count},
                     {"definition", shadow->definition.ToJson()},
                     {"last_error", OptionalText(shadow->last_error)}};
  } else {
    out["shadow"] = nullptr;
  }
  out["job"] = ActiveJobJson(active_job);
  return out;
}

Json IndexFreshness::ToJson() const {
  Json out = {{"dataset", dataset},
              {"index_name", index_name},
              {"stale", stale},
              {"stale_since", OptionalTime(stale_since)},
              {"last_embedded_at", OptionalTime(last_embedded_at)},
              {"policy", RefreshModeName(policy)},
              {"built_from_version", built_from_version},
              {"dataset_version", dataset_version},
              {"lag_versions", std::max<int64_t>(0, dataset_version - built_from_version)},
              {"pending_rows_estimate", pending_rows_estimate},
              {"docs_pending_retry", docs_pending_retry},
              {"status", IndexStatusName(status)},
              {"last_error", OptionalText(last_error)},
              {"failures", failures},
              {"next_retry_at", OptionalTime(next_retry_at)}};
  if (coverage) {
    const int64_t rows = coverage->dataset_rows;
    const int64_t docs = coverage->rows_embedded;
    out["coverage"] = {
        {"rows_embedded", docs},
        {"dataset_rows", rows},
        {"fraction", rows > 0 ? std::min(1.0, static_cast<double>(docs) / rows) : 1.0}};
    out["next_scheduled_run"] = OptionalTime(coverage->next_scheduled_run);
    out["refresh_running"] = coverage->refresh_running;
  }
  return out;
}

Json DatasetEmbeddingSummary::ToJson() const {
  Json names = Json::array();
  for (const std::string& name : index_names) names.push_back(name);
  return Json{{"last_embedded_at", OptionalTime(last_embedded_at)},
              {"embedding_stale_since", OptionalTime(embedding_stale_since)},
              {"embedding_refresh_policy",
               refresh_policy ? Json(RefreshModeName(*refresh_policy)) : Json(nullptr)},
              {"vector_indexes", std::move(names)}};
}

}  // namespace lakehouse
