#include "api/response_schemas.h"

#include "http/json_schema.h"

namespace lakehouse::response_schemas {

using schema::Any;
using schema::Array;
using schema::Boolean;
using schema::Enum;
using schema::Integer;
using schema::MapOf;
using schema::Nullable;
using schema::Number;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

namespace {

Json Column() {
  return Object({Req("name", String()), Req("type", String()), Req("nullable", Boolean()),
                 Req("description", String()), Req("sensitivity", String()),
                 Req("pii", Nullable(Object({Req("kind", String()), Req("confidence", Number())},
                                            "what the PII scan found")))});
}

// DatasetToJson (catalog/catalog_json.cc).
Json Manifest() {
  return Object({Req("id", String()), Req("name", String()), Req("description", String()),
                 Req("owner", String()), Req("sensitivity", String()), Req("tags", Array(String())),
                 Req("columns", Array(Column())),
                 Req("lineage", Object({Req("source_system", String()), Req("source_uri", String()),
                                        Req("ingest_job_id", Nullable(String())),
                                        Req("parent_datasets", Array(String()))})),
                 Req("created_at", String()), Req("updated_at", String()),
                 Req("last_ingest_at", Nullable(String())), Req("row_count", Integer()),
                 Req("size_bytes", Integer()), Req("schema_fingerprint", String()),
                 Req("bucket", String()), Req("primary_key", Nullable(Array(String()))),
                 Req("current_version", Integer())});
}

Json DataFile() {
  return Object({Req("path", String()), Req("bucket", String()), Req("row_count", Integer()),
                 Req("size_bytes", Integer()), Req("kind", String()),
                 Req("version_added", Integer())});
}

// DatasetVersionToJson.
Json Version() {
  return Object({Req("version", Integer()), Req("operation", String()),
                 Req("committed_at", String()), Req("actor", String()),
                 Req("rows_added", Integer()), Req("rows_removed", Integer()),
                 Req("files_added", Array(DataFile())), Req("files_removed", Array(DataFile())),
                 Req("detail", Any())});
}

Json Progress() {
  return Object({Req("done", Integer()), Req("unit", String()), Req("total", Nullable(Integer())),
                 Req("fraction", Nullable(Number())), Req("rate_per_s", Nullable(Number())),
                 Req("eta_s", Nullable(Number()))});
}

Json Hnsw() {
  return Object(
      {Req("m", Integer()), Req("ef_construction", Integer()), Req("ef_search", Integer())});
}

Json RefreshPolicy() {
  return Object(
      {Req("mode", String()), Req("cron", Nullable(String())), Req("debounce_ms", Integer())});
}

// RecallJsonLocked (vector/vector_recall.cc): the recall measured for an index and how it searches.
Json Recall() {
  Json at_ef = Object({Req("ef_search", Integer()), Req("recall", Number()),
                       Req("p50_us", Number()), Req("p95_us", Number()), Req("p99_us", Number())});
  return Object({Req("target", Number()), Req("strategy", String("hnsw or exact")),
                 Req("measured", Nullable(Number("recall@k measured; null before a measurement"))),
                 Req("ef_search", Integer()), Req("k", Integer()), Req("sample_queries", Integer()),
                 Req("measured_at", Nullable(String())), Opt("chunk_count", Integer()),
                 Opt("exact_p50_us", Number()), Opt("trials", Array(at_ef))});
}

// One vector index (VectorService::GetIndex / ListIndexes): definition, counts, build stats.
Json IndexRecord() {
  return Object({Req("index_name", String()),
                 Req("dataset", String()),
                 Req("dataset_id", String()),
                 Req("id_column", String()),
                 Req("text_column", Nullable(String())),
                 Req("vector_column", Nullable(String())),
                 Req("template", Nullable(String())),
                 Req("chunk_size", Integer()),
                 Req("overlap", Integer()),
                 Req("model", String()),
                 Req("model_version", String()),
                 Req("dimensions", Integer()),
                 Req("metric", String()),
                 Req("hnsw", Hnsw()),
                 Req("target_recall", Number()),
                 Opt("model_token_window", Integer("tokens of a chunk the model embeds")),
                 Opt("truncation", String("why some chunks are longer than the model reads")),
                 Req("refresh_policy", RefreshPolicy()),
                 Req("status", String()),
                 Req("generation", Integer()),
                 Req("built_from_version", Integer()),
                 Req("doc_count", Integer()),
                 Req("chunk_count", Integer()),
                 Req("build_ms", Integer()),
                 Req("chunks_per_s", Number()),
                 Req("failures", Integer()),
                 Req("created_at", String()),
                 Req("last_embedded_at", Nullable(String())),
                 Req("last_error", Nullable(String())),
                 Req("last_used", Nullable(String())),
                 Req("next_retry_at", Nullable(String())),
                 Req("recall", Recall()),
                 Opt("graph", Object({Req("capacity", Integer()), Req("live", Integer()),
                                      Req("deleted", Integer())})),
                 Req("shadow", Nullable(Object({}, "the generation being rebuilt, if any")))});
}

// SchemaChangesToJson (catalog/schema_changes.cc): the one schema diff — a 409's "schema_diff"
// detail, the schema-diff route, an ingest result and a version's detail.
Json SchemaChanges() {
  Json column = Object({Req("name", String()), Req("type", String())});
  return Object(
      {Req("compatible", Boolean()), Req("added", Array(column)), Req("removed", Array(column)),
       Req("renamed", Array(Object({Req("from", String()), Req("to", String()),
                                    Req("confidence", Number())}))),
       Req("type_changed", Array(Object({Req("name", String()), Req("from", String()),
                                         Req("to", String()), Req("widening", Boolean())}))),
       Opt("reordered", Boolean())});
}

Json SearchHit() {
  return Object({Req("doc_id", String()), Req("chunk_idx", Integer()), Req("chunk_text", String()),
                 Req("score", Number()),
                 Opt("row", Nullable(MapOf(Any(),
                                           "the requested columns of the document's row; null when "
                                           "the row is no longer live")))});
}

Json SearchEnvelope(Json results) {
  return Object({Req("index", String()), Req("index_version", Integer()),
                 Req("dataset_version", Integer()), Req("exact", Boolean()),
                 Req("stale", Boolean()), Req("mode", Enum({"vector", "keyword", "hybrid"})),
                 Req("reranked_by", Nullable(String("the rerank model, when one reordered"))),
                 Req("elapsed_ms", Number()), Req("results", std::move(results))});
}

// TrialJson (api/vector_handlers.cc): recall@k and latency at one setting.
std::vector<schema::Property> TrialFigures() {
  return {Req("recall", Number()), Req("p50_us", Number()), Req("p95_us", Number()),
          Req("p99_us", Number())};
}

// TrialRecordJson: one entry of an index's trial journal.
Json Trial() {
  std::vector<schema::Property> p = TrialFigures();
  for (auto& extra :
       {Req("trial_id", Integer()), Req("generation", Integer()), Req("created_at", String()),
        Req("source", String()), Req("queries", Integer()), Req("k", Integer()),
        Req("m", Integer()), Req("ef_construction", Integer()), Req("ef_search", Integer()),
        Req("build_ms", Integer()), Req("memory_bytes", Integer()), Req("promoted", Boolean())}) {
    p.push_back(extra);
  }
  return Object(p);
}

}  // namespace

Json Health() {
  return Object(
      {Req("duckdb_version", String()), Req("status", String()), Req("version", String())});
}

Json Ready() { return Object({Req("status", String())}); }

Json OpenApiDocument() {
  return Object({Req("openapi", String()), Req("info", Object({})), Req("paths", MapOf(Object({}))),
                 Req("components", Object({}))});
}

Json SqlResult() {
  return Object({Req("cached", Boolean()),
                 Req("columns", Array(Object({Req("name", String()), Req("type", String())}))),
                 Req("elapsed_ms", Number()), Req("row_count", Integer()),
                 Req("rows", Array(Array(Any()), "rows, each an array of column values")),
                 Req("truncated", Boolean())});
}

Json PagedStart() {
  return Object({Req("columns", Array(Object({Req("name", String()), Req("type", String())}))),
                 Req("page_size", Integer()), Req("pages", Integer()), Req("query_id", String()),
                 Req("total_rows", Integer()), Req("truncated", Boolean())});
}

Json Page() {
  return Object({Req("columns", Array(Object({Req("name", String()), Req("type", String())}))),
                 Req("page", Integer()), Req("pages", Integer()), Req("query_id", String()),
                 Req("rows", Array(Array(Any()), "rows, each an array of column values")),
                 Req("size", Integer()), Req("total_rows", Integer())});
}

Json Compaction() {
  return Object({Req("compacted", Boolean()), Req("files_removed", Integer()),
                 Req("rows", Integer()), Req("version", Integer())});
}

Json HotCacheEntry() {
  return Object({Req("bytes", Integer()), Req("dataset", String()), Req("hits", Integer()),
                 Req("last_used", String()), Req("pinned_at", String()), Req("rows", Integer()),
                 Req("version", Integer())});
}

Json Evicted() { return Object({Req("evicted", String())}); }

Json ColumnPolicy() {
  return Object({Req("dataset", String()), Req("column", String()),
                 Req("redaction", Enum({"null", "hash", "mask", "deny"})),
                 Req("keep_prefix", Integer()), Req("keep_suffix", Integer())});
}

Json ColumnPolicyList() { return Object({Req("column_policies", Array(ColumnPolicy()))}); }

Json PolicyDeleted() { return Object({Req("deleted", Boolean())}); }

Json AiView() {
  Json redaction = Object({Req("redaction", Enum({"null", "hash", "mask", "deny"})),
                           Req("keep_prefix", Integer()), Req("keep_suffix", Integer())});
  return Object({Req("name", String()), Req("base_dataset", String()),
                 Req("columns", Array(String())), Req("row_filter", String()),
                 Req("column_redactions", schema::MapOf(redaction)),
                 Req("created_at", Integer("epoch microseconds"))});
}

Json AiViewList() { return Object({Req("views", Array(AiView()))}); }

Json CacheStats() {
  return Object(
      {Req("budget_bytes", Integer()), Req("bytes", Integer()),
       Req("datasets",
           Array(Object({Req("bytes", Integer()), Req("dataset", String()), Req("hits", Integer()),
                         Req("last_used", String()), Req("pinned_at", String()),
                         Req("rows", Integer()), Req("version", Integer())}))),
       Req("hits", Integer()), Req("misses", Integer()),
       Req("result_cache", Object({Req("budget_bytes", Integer()), Req("bytes", Integer()),
                                   Req("enabled", Boolean()), Req("entries", Integer()),
                                   Req("hits", Integer()), Req("max_result_bytes", Integer()),
                                   Req("misses", Integer()), Req("uncacheable", Integer())})),
       Req("rows", Integer())});
}

Json PutObject() {
  return Object({Req("bucket", String()), Req("key", String()), Req("sha256", String()),
                 Req("size_bytes", Integer())});
}

Json ObjectList() {
  return Object({Req("bucket", String()),
                 Req("objects", Array(Object({Req("key", String()), Req("modified_at", String()),
                                              Req("size_bytes", Integer())})))});
}

Json BucketList() { return Object({Req("buckets", Array(Bucket()))}); }

Json Bucket() {
  return Object({Req("backend", String()), Req("is_primary", Boolean()),
                 Req("is_rescue", Boolean()), Req("name", String()), Req("root", String()),
                 Req("source", String()), Opt("endpoint", String("s3 buckets only")),
                 Opt("region", String()), Opt("s3_bucket", String()), Opt("url_style", String())});
}

Json StorageErrors() {
  return Object({Req("errors", Array(Object({}, "one failed bucket operation (ErrorRecord)")))});
}

Json BucketHealth() {
  return Object({Req(
      "buckets", Array(Object({Req("bucket", String()), Req("free_bytes", Integer()),
                               Req("probe_micros", Integer()), Req("reachable", Boolean())})))});
}

Json DatasetList() {
  return Object(
      {Req("datasets", Array(Manifest())),
       Opt("views", Array(Object({Req("name", String()), Req("kind", String("always ai_view")),
                                  Opt("base_dataset", String()), Req("columns", Array(String()))},
                                 "an AI-safe view the caller may query (/access/views)")))});
}

Json Dataset() {
  // GET adds what the vector service knows of the dataset (LakehouseServer's catalog extension).
  return schema::Extend(Manifest(), {Opt("vector_indexes", Array(String())),
                                     Opt("embedding_refresh_policy", Nullable(String())),
                                     Opt("embedding_stale_since", Nullable(String())),
                                     Opt("last_embedded_at", Nullable(String()))});
}

Json VersionList() { return Object({Req("versions", Array(Version()))}); }

Json DatasetVersion() { return Version(); }

Json ResyncReport() {
  return Object({Req("changed", Boolean()), Req("columns_changed", Boolean()),
                 Req("dataset", String()), Req("files_checked", Integer()),
                 Req("row_count_after", Integer()), Req("row_count_before", Integer()),
                 Req("size_bytes_after", Integer()), Req("size_bytes_before", Integer())});
}

Json ResyncMissing() { return Object({Req("resynced", Array(ResyncReport()))}); }

Json CatalogStats() {
  return Object(
      {Req("by_sensitivity", Object({Req("confidential", Integer()), Req("internal", Integer()),
                                     Req("public", Integer()), Req("restricted", Integer())})),
       Req("datasets", Integer()), Req("live_files", Integer()),
       Req("pending_reap_files", Integer()), Req("total_bytes", Integer()),
       Req("total_rows", Integer()), Req("versions", Integer())});
}

Json IngestResult() {
  return Object(
      {Req("committed", Boolean()), Req("dataset", String()), Req("dedup", Boolean()),
       Req("duplicate_keys_dropped", Integer()), Req("elapsed_ms", Integer()),
       Req("files",
           Array(Object({Req("bad_row_lines", Array(Integer())), Req("duplicate", Boolean()),
                         Req("duplicate_keys_dropped", Integer()), Req("name", String()),
                         Req("rows", Integer()), Req("rows_padded", Integer()),
                         Req("rows_skipped", Integer()), Req("sha256", String())}))),
       Req("row_count", Integer()), Req("rows_added", Integer()), Req("rows_inserted", Integer()),
       Req("rows_padded", Integer()), Req("rows_removed", Integer()),
       Req("rows_skipped", Integer()), Req("rows_updated", Integer()),
       Req("schema_diff", SchemaChanges()), Req("version", Integer())});
}

Json SchemaDiff() {
  return Object({Req("bucket", String()),
                 Req("columns", Array(Object({Req("name", String()), Req("type", String())}))),
                 Req("dataset", String()), Req("key", String()),
                 Req("schema_diff", SchemaChanges())});
}

Json TombstoneResult() {
  return Object({Req("failures", Array(String())), Req("rows_tombstoned", Integer()),
                 Req("version", Integer())});
}

Json TombstoneList() {
  return Object(
      {Req("tombstones", Array(Object({Req("actor", String()), Req("created_at", String()),
                                       Req("key_column", String()), Req("reason", String()),
                                       Req("value", String()), Req("version", Integer())})))});
}

Json JobList() { return Object({Req("jobs", Array(Job()))}); }

Json Job() {
  return Object({Req("job_id", String()), Req("kind", String()), Req("target", String()),
                 Req("state", String()), Req("params", Any()), Req("progress", Progress()),
                 Req("message", String()), Req("error", Nullable(String())),
                 Req("result", Any("the kind's result once succeeded")), Req("detail", Any()),
                 Req("attempts", Integer()), Req("cancel_requested", Boolean()),
                 Opt("owner", Nullable(String("the principal that started it"))),
                 Req("created_at", String()), Req("started_at", Nullable(String())),
                 Req("finished_at", Nullable(String())), Req("updated_at", String())});
}

Json JobStarted() {
  return Object({Req("job_id", String()), Req("state", String()), Req("job", Job())});
}

Json JobResult() {
  return Object({Req("job_id", String())},
                "the finished job's result (its kind's result object) and its job_id");
}

Json IndexList() { return Object({Req("indexes", Array(IndexRecord()))}); }

Json Index() {
  return schema::Extend(
      IndexRecord(),
      {Req("job", Nullable(Object(
                      {Req("job_id", String()), Req("state", String()), Req("message", String()),
                       Req("progress", Progress()), Req("started_at", Nullable(String()))},
                      "the refresh running or queued for the index")))});
}

Json IndexPatched() {
  return schema::Extend(Index(), {Req("job_id", Nullable(String("the shadow build's job"))),
                                  Req("rebuild", Boolean())});
}

Json Deleted() { return Object({Req("deleted", String())}); }

Json Freshness() {
  return Object(
      {Req("built_from_version", Integer()),
       Req("coverage", Object({Req("dataset_rows", Integer()), Req("fraction", Nullable(Number())),
                               Req("rows_embedded", Integer())})),
       Req("dataset", String()), Req("dataset_version", Integer()),
       Req("docs_pending_retry", Integer()), Req("failures", Integer()),
       Req("index_name", String()), Req("lag_versions", Integer()),
       Req("last_embedded_at", Nullable(String())), Req("last_error", Nullable(String())),
       Req("next_retry_at", Nullable(String())), Req("next_scheduled_run", Nullable(String())),
       Req("pending_rows_estimate", Integer()), Req("policy", String()),
       Req("refresh_running", Boolean()), Req("stale", Boolean()),
       Req("stale_since", Nullable(String())), Req("status", String())});
}

Json SearchResults() { return SearchEnvelope(Array(SearchHit())); }

Json SearchBatchResults() {
  return SearchEnvelope(Array(Array(SearchHit()), "hits[i] for query i"));
}

Json RagAnswer() {
  return Object({Req("answer", String()),
                 Req("citations", Array(Object({Req("chunk_idx", Integer()),
                                                Req("doc_id", String()), Req("n", Integer()),
                                                Req("score", Number()), Req("text", String())}))),
                 Req("dataset_version", Integer()), Req("index", String()),
                 Req("index_version", Integer()), Req("mode", Enum({"generated", "extractive"})),
                 Req("model", Nullable(String())), Req("relevant_context", Boolean()),
                 Req("search_mode", Enum({"vector", "keyword", "hybrid"})),
                 Req("reranked_by", Nullable(String())), Req("stale", Boolean())});
}

Json RefreshResult() {
  return Object({Req("chunks_embedded", Integer()), Req("chunks_reused", Integer()),
                 Req("docs_added", Integer()), Req("docs_deleted", Integer()),
                 Req("docs_updated", Integer()), Req("elapsed_ms", Integer()),
                 Req("failed_chunks", Array(String())), Req("from_version", Integer()),
                 Req("full_diff", Boolean()), Req("index_name", String()), Opt("job_id", String()),
                 Req("stale_cleared", Boolean()), Req("to_version", Integer()),
                 Opt("up_to_date", Boolean())});
}

Json StaleList() {
  return Object({Req(
      "stale",
      Array(Object({Req("built_from_version", Integer()), Req("dataset", String()),
                    Req("dataset_version", Integer()), Req("docs_pending_retry", Integer()),
                    Req("failures", Integer()), Req("index_name", String()),
                    Req("lag_versions", Integer()), Req("last_embedded_at", Nullable(String())),
                    Req("last_error", Nullable(String())), Req("next_retry_at", Nullable(String())),
                    Req("pending_rows_estimate", Integer()), Req("policy", String()),
                    Req("stale", Boolean()), Req("stale_since", Nullable(String())),
                    Req("status", String())})))});
}

Json IndexEval() {
  std::vector<schema::Property> at_ef = TrialFigures();
  at_ef.push_back(Req("ef_search", Integer()));
  return Object({Req("index_name", String()), Req("source", String()), Req("truth", String()),
                 Req("k", Integer()), Req("queries", Integer()), Req("strategy", String()),
                 Req("ef_search", Integer()), Req("exact", Object(TrialFigures())),
                 Req("trials", Array(Object(at_ef)))});
}

Json TrialList() { return Object({Req("trials", Array(Trial()))}); }

Json BestTrials() {
  return Object({Req("by", String()), Req("min_recall", Number()), Req("trials", Array(Trial())),
                 Req("best", Nullable(Trial()))});
}

Json AutotuneResult() {
  return Object({Req("min_recall", Number()), Req("promoted", Boolean()),
                 Req("winner", Nullable(Trial())), Req("trials", Array(Trial()))});
}

Json Reranked() {
  return Object({Req("model", String()),
                 Req("results", Array(Object({Req("index", Integer()), Req("score", Number()),
                                              Req("document", String())})))});
}

Json Embeddings() {
  return Object({Req("dimensions", Integer()), Req("embeddings", Array(Array(Number()))),
                 Req("model", String())});
}

Json Generation() { return Object({Req("model", String()), Req("text", String())}); }

Json ServerConfig() {
  return Object(
      {Req("config",
           Object({Req("data_dir", String()), Req("server", Object({})), Req("sql", Object({})),
                   Req("storage", Object({})), Req("ai", Object({}))},
                  "every key, the TOML file's layout (lakehouse.example.toml)")),
       Req("redacted", Array(String(), "keys whose values are shown as \"***\""))});
}

}  // namespace lakehouse::response_schemas
