#include "api/routes.h"

#include "api/access_schemas.h"
#include "api/agent_routes.h"
#include "api/audit_routes.h"
#include "api/nl_sql_routes.h"
#include "api/request_schemas.h"
#include "api/response_schemas.h"
#include "api/schedule_routes.h"
#include "api/web_ui_routes.h"
#include "api/workspace_routes.h"
#include "http/json_schema.h"

namespace lakehouse {
namespace {

namespace Q = request_schemas;   // request bodies
namespace R = response_schemas;  // response bodies
using schema::Boolean;
using schema::Integer;
using schema::String;

// Binds a member function of a handler object as an HttpHandler.
template <typename H>
HttpHandler Bind(H* object, Result<HttpResponse> (H::*method)(HttpRequest&)) {
  return [object, method](HttpRequest& request) { return (object->*method)(request); };
}

constexpr HttpMethod GET = HttpMethod::kGet;
constexpr HttpMethod POST = HttpMethod::kPost;
constexpr HttpMethod PUT = HttpMethod::kPut;
constexpr HttpMethod DELETE = HttpMethod::kDelete;
constexpr HttpMethod PATCH = HttpMethod::kPatch;

RouteSpec Streamed(RouteSpec spec) {
  spec.stream_body = true;
  return spec;
}

}  // namespace

Status RegisterRoutes(ApiHandlers* h, RouteTable* t) {
  SystemHandlers* sys = h->system.get();
  LH_RETURN_IF_ERROR(t->Add({GET, "/health", "getHealth", "Liveness, version and DuckDB version",
                             "system", /*public_route=*/true},
                            RouteContract().Returns(200, "live", R::Health()),
                            Bind(sys, &SystemHandlers::Health)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/ready", "getReady", "Readiness: started and DuckDB answering",
                             "system", /*public_route=*/true},
                            RouteContract().Returns(200, "ready to serve", R::Ready()),
                            Bind(sys, &SystemHandlers::Ready)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/openapi.json", "getOpenApi",
              "This OpenAPI document, generated from the route table", "system",
              /*public_route=*/true},
             RouteContract().Returns(200, "the OpenAPI 3.1 document", R::OpenApiDocument()),
             Bind(sys, &SystemHandlers::OpenApi)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/docs", "getApiReference",
                             "This document as a readable HTML page (no scripts)", "system",
                             /*public_route=*/true},
                            RouteContract().Returns(200, "the API reference", nullptr, "text/html"),
                            Bind(sys, &SystemHandlers::Docs)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/metrics", "getMetrics",
              "Prometheus metrics: request counts and latency per route", "system"},
             RouteContract().Returns(200, "Prometheus text format", nullptr, "text/plain"),
             Bind(sys, &SystemHandlers::Metrics)));

  QueryHandlers* q = h->query.get();
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/query/sql", "runSql",
              "Run one read-only SQL statement over the datasets (answered from "
              "the result cache when it may be)",
              "query"},
             RouteContract()
                 .Body(Q::SqlQuery(false))
                 .Returns(200,
                          "columns and rows (Accept: text/csv or application/vnd.apache.parquet "
                          "exports the result instead)",
                          R::SqlResult())
                 .Returns(200, "the result as CSV", nullptr, "text/csv")
                 .Returns(200, "the result as Parquet", nullptr, "application/vnd.apache.parquet"),
             Bind(q, &QueryHandlers::Sql)));
  // Read path: paged results.
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/query/paged", "runPagedSql",
              "Run a read-only query and keep its result for paging", "query"},
             RouteContract()
                 .Body(Q::SqlQuery(true))
                 .Returns(200, "the kept result's id, size and first page", R::PagedStart()),
             Bind(q, &QueryHandlers::Paged)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/query/page/{id}/{page}", "getQueryPage",
       "One page (0-based) of a paged result; ?size= defaults to page_size", "query"},
      RouteContract()
          .Query("size", Integer(), "rows per page (default: the page_size it was started with)")
          .Returns(200, "one page", R::Page()),
      Bind(q, &QueryHandlers::Page)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/query/compact", "compactDataset",
       "Rewrite a dataset's files as one base with upserts and tombstones "
       "applied",
       "query"},
      RouteContract().Body(Q::DatasetName()).Returns(200, "the new base version", R::Compaction()),
      Bind(q, &QueryHandlers::Compact)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/query/cache/pin", "pinDatasetInCache",
       "Pin a dataset in the hot cache as an in-memory table", "query"},
      RouteContract().Body(Q::DatasetName()).Returns(200, "the pinned entry", R::HotCacheEntry()),
      Bind(q, &QueryHandlers::CachePin)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/query/cache/evict", "evictDatasetFromCache",
              "Evict a pinned dataset from the hot cache", "query"},
             RouteContract().Body(Q::DatasetName()).Returns(200, "evicted", R::Evicted()),
             Bind(q, &QueryHandlers::CacheEvict)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/query/cache/stats", "getCacheStats",
              "Hot cache entries, estimated bytes, budget, hits and misses, and "
              "the result cache's entries, bytes, hits and misses",
              "query"},
             RouteContract().Returns(200, "hot cache and result cache counters", R::CacheStats()),
             Bind(q, &QueryHandlers::CacheStats)));

  // Policy on data (issue 20): per-column redaction overrides, admin only.
  DataPolicyHandlers* dp = h->data_policy.get();
  LH_RETURN_IF_ERROR(t->Add({GET, "/access/column-policies", "listColumnPolicies",
                             "Per-column redaction overrides (admin)", "access"},
                            RouteContract().Returns(200, "every override", R::ColumnPolicyList()),
                            Bind(dp, &DataPolicyHandlers::ListColumnPolicies)));
  LH_RETURN_IF_ERROR(
      t->Add({PUT, "/access/column-policies", "putColumnPolicy",
              "Set how a column above a caller's clearance is redacted (admin)", "access"},
             RouteContract()
                 .Body(Q::ColumnPolicy())
                 .Returns(200, "the stored override", R::ColumnPolicy()),
             Bind(dp, &DataPolicyHandlers::PutColumnPolicy)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/access/column-policies/{dataset}/{column}", "deleteColumnPolicy",
              "Remove a column's redaction override (admin)", "access"},
             RouteContract().Returns(200, "removed", R::PolicyDeleted()),
             Bind(dp, &DataPolicyHandlers::DeleteColumnPolicy)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/access/views", "createAiView",
              "Create an AI-safe view over one dataset (admin)", "access", false, false, 201},
             RouteContract().Body(Q::AiView()).Returns(201, "the view", R::AiView()),
             Bind(dp, &DataPolicyHandlers::CreateView)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/access/views", "listAiViews", "AI-safe views (admin)", "access"},
             RouteContract().Returns(200, "every view", R::AiViewList()),
             Bind(dp, &DataPolicyHandlers::ListViews)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/access/views/{name}", "getAiView", "One AI-safe view (admin)", "access"},
             RouteContract().Returns(200, "the view", R::AiView()),
             Bind(dp, &DataPolicyHandlers::GetView)));
  LH_RETURN_IF_ERROR(t->Add(
      {DELETE, "/access/views/{name}", "deleteAiView", "Delete an AI-safe view (admin)", "access"},
      RouteContract().Returns(200, "deleted", R::PolicyDeleted()),
      Bind(dp, &DataPolicyHandlers::DeleteView)));

  StorageHandlers* st = h->storage.get();
  const std::string objects = "/storage/buckets/{bucket}/objects";
  LH_RETURN_IF_ERROR(t->Add(
      Streamed({PUT, objects + "/{key...}", "putObject",
                "Write an object (streamed; replaces atomically)", "storage", false, false, 201}),
      RouteContract()
          .Body(nullptr, "application/octet-stream")
          .Returns(201, "written", R::PutObject()),
      Bind(st, &StorageHandlers::PutObject)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, objects + "/{key...}", "getObject",
              "Read an object (Range supported; rescue bucket fallback)", "storage"},
             RouteContract()
                 .Returns(200, "the object's bytes", nullptr, "application/octet-stream")
                 .Returns(206, "the requested Range", nullptr, "application/octet-stream"),
             Bind(st, &StorageHandlers::GetObject)));
  LH_RETURN_IF_ERROR(t->Add({DELETE, objects + "/{key...}", "deleteObject", "Delete an object",
                             "storage", false, false, 204},
                            RouteContract().Returns(204, "deleted", nullptr, ""),
                            Bind(st, &StorageHandlers::DeleteObject)));
  LH_RETURN_IF_ERROR(t->Add({GET, objects, "listObjects", "List objects by key prefix", "storage"},
                            RouteContract()
                                .Query("prefix", String(), "only keys starting with this")
                                .Returns(200, "the objects", R::ObjectList()),
                            Bind(st, &StorageHandlers::ListObjects)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/storage/buckets", "listBuckets", "List buckets", "storage"},
                            RouteContract().Returns(200, "the buckets", R::BucketList()),
                            Bind(st, &StorageHandlers::ListBuckets)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/storage/buckets", "createBucket", "Add a bucket at runtime (persisted)",
              "storage", false, false, 201},
             RouteContract().Body(Q::CreateBucket()).Returns(201, "the new bucket", R::Bucket()),
             Bind(st, &StorageHandlers::CreateBucket)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/storage/buckets/{name}", "deleteBucket",
              "Remove a runtime bucket (never primary or rescue)", "storage", false, false, 204},
             RouteContract().Returns(204, "removed", nullptr, ""),
             Bind(st, &StorageHandlers::DeleteBucket)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/storage/errors", "listStorageErrors",
                             "Recent failed bucket operations (error journal)", "storage"},
                            RouteContract()
                                .Query("limit", Integer(), "at most this many (default 100)")
                                .Query("bucket", String(), "only this bucket")
                                .Returns(200, "newest first", R::StorageErrors()),
                            Bind(st, &StorageHandlers::Errors)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/storage/bucket-health", "getBucketHealth",
                             "Reachability and free space per bucket", "storage"},
                            RouteContract()
                                .Query("count_objects", Boolean(), "also count objects (slower)")
                                .Returns(200, "per bucket", R::BucketHealth()),
                            Bind(st, &StorageHandlers::Health)));

  CatalogHandlers* c = h->catalog.get();
  const std::string by_name = "/catalog/datasets/by-name/{name}";
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/catalog/datasets", "listDatasets", "Every dataset's manifest", "catalog"},
             RouteContract().Returns(200, "every manifest", R::DatasetList()),
             Bind(c, &CatalogHandlers::List)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/catalog/datasets", "createDataset",
              "Register a dataset (optionally over existing Parquet objects)", "catalog", false,
              false, 201},
             RouteContract().Body(Q::CreateDataset()).Returns(201, "the manifest", R::Dataset()),
             Bind(c, &CatalogHandlers::Create)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, by_name, "getDataset", "One dataset's manifest", "catalog"},
             RouteContract().Returns(200, "the manifest (with its vector indexes)", R::Dataset()),
             Bind(c, &CatalogHandlers::Get)));
  LH_RETURN_IF_ERROR(t->Add(
      {PATCH, by_name + "/metadata", "patchDatasetMetadata",
       "Description, owner, sensitivity, tags, column metadata", "catalog"},
      RouteContract().Body(Q::MetadataPatch()).Returns(200, "the updated manifest", R::Dataset()),
      Bind(c, &CatalogHandlers::PatchMetadata)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, by_name + "/versions", "listDatasetVersions", "The dataset's commit log", "catalog"},
      RouteContract().Returns(200, "the commit log", R::VersionList()),
      Bind(c, &CatalogHandlers::Versions)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, by_name, "deleteDataset",
              "Delete a dataset (a final version; files reaped later) and its vector "
              "indexes",
              "catalog"},
             RouteContract().Returns(200, "the final (delete) version", R::DatasetVersion()),
             Bind(c, &CatalogHandlers::Delete)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, by_name + "/resync", "resyncDataset",
              "Recompute rows, size and columns from the Parquet footers", "catalog"},
             RouteContract().Returns(200, "what changed", R::ResyncReport()),
             Bind(c, &CatalogHandlers::Resync)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/catalog/resync-missing", "resyncMissing",
              "Resync every dataset whose manifest is incomplete", "catalog"},
             RouteContract().Returns(200, "one report per dataset", R::ResyncMissing()),
             Bind(c, &CatalogHandlers::ResyncMissing)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/catalog/stats", "getCatalogStats",
                             "Counts of datasets, rows, bytes and versions", "catalog"},
                            RouteContract().Returns(200, "counts", R::CatalogStats()),
                            Bind(c, &CatalogHandlers::Stats)));

  // File ingest (write path).
  IngestHandlers* in = h->ingest.get();
  LH_RETURN_IF_ERROR(t->Add(Streamed({POST, "/ingest/file", "ingestFile",
                                      "Ingest uploaded files (multipart) into a dataset as one "
                                      "commit: dedup, schema evolution, append/replace/upsert",
                                      "ingest"}),
                            RouteContract()
                                .Body(Q::IngestForm(), "multipart/form-data")
                                .Returns(200, "the commit", R::IngestResult()),
                            Bind(in, &IngestHandlers::IngestFile)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/ingest/db", "ingestDb",
              "Pull a PostgreSQL or MySQL/MariaDB table or query into a dataset as one commit "
              "(streamed; append/replace/upsert; incremental by column)",
              "ingest"},
             RouteContract()
                 .Body(Q::DbIngest())
                 .Query("wait", Boolean(), "answer with the job's result instead of 202")
                 .Query("timeout_ms", Integer(), "how long ?wait=true waits")
                 .Returns(202, "the pull runs as a job", R::JobStarted())
                 .Returns(200, "?wait=true: the pull's result", R::JobResult()),
             Bind(h->db_ingest.get(), &DbIngestHandlers::IngestDb)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, by_name + "/schema-diff", "getDatasetSchemaDiff",
              "Schema diff of a stored object against the dataset, no ingest", "ingest"},
             RouteContract()
                 .Query("against", String(), "object key of the file to compare", true)
                 .Query("bucket", String(), "the object's bucket (default: the dataset's)")
                 .Query("format", String(), "the file's format when its name does not say")
                 .Returns(200, "the diff", R::SchemaDiff()),
             Bind(in, &IngestHandlers::SchemaDiff)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, by_name + "/tombstone", "addTombstones",
       "Tombstone rows by key (a delete file; 207 when some keys matched "
       "nothing)",
       "ingest"},
      RouteContract()
          .Body(Q::Tombstones())
          .Returns(200, "every key matched", R::TombstoneResult())
          .Returns(207, "some keys matched nothing (listed in failures)", R::TombstoneResult()),
      Bind(in, &IngestHandlers::AddTombstones)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, by_name + "/tombstone", "listTombstones", "The dataset's live tombstones", "ingest"},
      RouteContract().Returns(200, "the live tombstones", R::TombstoneList()),
      Bind(in, &IngestHandlers::ListTombstones)));

  JobHandlers* jobs = h->jobs.get();
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/jobs", "listJobs",
              "Background jobs, newest first (?state, kind, target, limit)", "jobs"},
             RouteContract()
                 .Query("state", String(), "queued, running, succeeded, failed or cancelled")
                 .Query("kind", String(), "")
                 .Query("target", String(), "")
                 .Query("limit", Integer(), "at most this many (default 100)")
                 .Returns(200, "newest first", R::JobList()),
             Bind(jobs, &JobHandlers::List)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/jobs/{id}", "getJob", "One job: state, progress, message, error, result", "jobs"},
      RouteContract().Returns(200, "the job", R::Job()), Bind(jobs, &JobHandlers::Get)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/jobs/{id}/cancel", "cancelJob",
                             "Cancel a queued job, or ask a running one to stop", "jobs"},
                            RouteContract().Returns(200, "the job after the request", R::Job()),
                            Bind(jobs, &JobHandlers::Cancel)));

  VectorHandlers* v = h->vectors.get();
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/vectors/index", "createVectorIndex",
              "Create a vector index over a dataset column; builds as a job", "vectors"},
             RouteContract()
                 .Body(Q::IndexDefinition(false))
                 .Query("wait", Boolean(), "answer with the build's result instead of 202")
                 .Query("timeout_ms", Integer(), "how long ?wait=true waits")
                 .Returns(202, "the first build runs as a job", R::JobStarted())
                 .Returns(200, "?wait=true: the build's result", R::JobResult()),
             Bind(v, &VectorHandlers::CreateIndex)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/vectors/indexes", "listVectorIndexes",
                             "The vector index registry (?dataset, ?model)", "vectors"},
                            RouteContract()
                                .Query("dataset", String(), "only this dataset's")
                                .Query("model", String(), "only this model's")
                                .Returns(200, "the registry", R::IndexList()),
                            Bind(v, &VectorHandlers::ListIndexes)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/vectors/indexes/{name}", "getVectorIndex",
       "One vector index: definition, counts, build stats, status", "vectors"},
      RouteContract().Returns(200, "the index", R::Index()), Bind(v, &VectorHandlers::GetIndex)));
  LH_RETURN_IF_ERROR(
      t->Add({PATCH, "/vectors/indexes/{name}", "patchVectorIndex",
              "Change an index's policy or search parameters; a model or "
              "chunking change rebuilds a shadow index and swaps it in",
              "vectors"},
             RouteContract()
                 .Body(Q::IndexDefinition(true))
                 .Returns(200, "applied in place", R::IndexPatched())
                 .Returns(202, "a shadow rebuild started (job_id)", R::IndexPatched()),
             Bind(v, &VectorHandlers::PatchIndex)));
  LH_RETURN_IF_ERROR(t->Add({DELETE, "/vectors/indexes/{name}", "deleteVectorIndex",
                             "Delete a vector index and its files", "vectors"},
                            RouteContract().Returns(200, "deleted", R::Deleted()),
                            Bind(v, &VectorHandlers::DeleteIndex)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/indexes/{name}/freshness", "getVectorIndexFreshness",
              "How stale an index is, its coverage and next scheduled run", "vectors"},
             RouteContract().Returns(200, "lag and coverage", R::Freshness()),
             Bind(v, &VectorHandlers::Freshness)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/indexes/{name}/evals", "evaluateVectorIndex",
                             "Recall@k and latency of an index's search at given ef_search "
                             "values, on given queries or on queries sampled from the index",
                             "vectors"},
                            RouteContract()
                                .Body(Q::IndexEval())
                                .Returns(200, "recall and latency per ef_search", R::IndexEval()),
                            Bind(v, &VectorHandlers::Evaluate)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/vectors/indexes/{name}/trials", "runVectorIndexTrials",
       "An eval whose ef_search settings are recorded in the index's trial "
       "journal",
       "vectors"},
      RouteContract().Body(Q::IndexEval()).Returns(200, "the journaled trials", R::TrialList()),
      Bind(v, &VectorHandlers::RunTrials)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/indexes/{name}/trials", "listVectorIndexTrials",
              "The index's trial journal: recall@k, p50/p95/p99, build time, memory", "vectors"},
             RouteContract().Returns(200, "the trial journal", R::TrialList()),
             Bind(v, &VectorHandlers::ListTrials)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/vectors/indexes/{name}/trials/best", "bestVectorIndexTrial",
       "The best journaled trial (?by=recall|latency|pareto, ?min_recall)", "vectors"},
      RouteContract()
          .Query("by", schema::Enum({"recall", "latency", "pareto"}), "order (default recall)")
          .Query("min_recall", schema::Number(), "only trials reaching this, [0, 1]")
          .Returns(200, "the best trials, best first", R::BestTrials()),
      Bind(v, &VectorHandlers::BestTrials)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/vectors/indexes/{name}/autotune", "autotuneVectorIndex",
              "Trials over a bounded ef_search grid; promotes the fastest setting "
              "reaching min_recall",
              "vectors"},
             RouteContract()
                 .Body(Q::Autotune())
                 .Returns(200, "the trials and the promoted winner, if any", R::AutotuneResult()),
             Bind(v, &VectorHandlers::Autotune)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/vectors/search", "searchVectors",
              "Semantic search with an optional SQL filter over the dataset", "vectors"},
             RouteContract().Body(Q::Search()).Returns(200, "the hits", R::SearchResults()),
             Bind(v, &VectorHandlers::Search)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/search/batch", "searchVectorsBatch",
                             "Several searches of one index in one request (shared k, filter, "
                             "columns)",
                             "vectors"},
                            RouteContract()
                                .Body(Q::SearchBatch())
                                .Returns(200, "hits per query", R::SearchBatchResults()),
                            Bind(v, &VectorHandlers::SearchBatch)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/vectors/rag", "askVectors",
       "Answer a question from an index's chunks, with citations", "vectors"},
      RouteContract().Body(Q::Rag()).Returns(200, "the answer with citations", R::RagAnswer()),
      Bind(v, &VectorHandlers::Rag)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/vectors/refresh/{dataset}", "refreshVectors",
              "Embed what changed since the index was built (creates it on first "
              "use); ?wait=true returns the result",
              "vectors"},
             RouteContract()
                 .Body(Q::IndexDefinition(false))
                 .Query("wait", Boolean(), "answer with the refresh's result instead of 202")
                 .Query("timeout_ms", Integer(), "how long ?wait=true waits")
                 .Returns(202, "the refresh runs as a job", R::JobStarted())
                 .Returns(200, "already up to date, or ?wait=true: the refresh's result",
                          R::RefreshResult()),
             Bind(v, &VectorHandlers::Refresh)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/stale", "listStaleVectorIndexes",
              "Every stale index with its lag, policy and timestamps (?dataset)", "vectors"},
             RouteContract()
                 .Query("dataset", String(), "only this dataset's")
                 .Returns(200, "the stale indexes", R::StaleList()),
             Bind(v, &VectorHandlers::Stale)));

  // Model providers (embedders and generators), exposed directly.
  AiHandlers* ai = h->ai.get();
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/ai/embed", "embedTexts",
              "Embed texts with a model (builtin/use-lite-v1, builtin/hash-v1, "
              "ollama/<model>, openai/<model>; default ai.embed_model)",
              "ai"},
             RouteContract().Body(Q::Embed()).Returns(200, "one vector per text", R::Embeddings()),
             Bind(ai, &AiHandlers::Embed)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/ai/generate", "generateText",
              "Generate a reply to a prompt or chat messages with a configured "
              "generator (ollama/<model>, openai/<model>)",
              "ai"},
             RouteContract().Body(Q::Generate()).Returns(200, "the reply", R::Generation()),
             Bind(ai, &AiHandlers::Generate)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/ai/rerank", "rerankDocuments",
                             "Order documents by relevance to a query with a rerank model "
                             "(tei/<model>, openai/<model>; default ai.rerank_model)",
                             "ai"},
                            RouteContract()
                                .Body(Q::Rerank())
                                .Returns(200, "documents, most relevant first", R::Reranked()),
                            Bind(ai, &AiHandlers::Rerank)));
  // Identity: API keys, roles, who the caller is (issue 20).
  namespace A = access_schemas;
  AccessHandlers* ac = h->access.get();
  LH_RETURN_IF_ERROR(t->Add({POST, "/access/keys", "createAccessKey",
                             "Create an API key for a principal (admin); the key is shown once",
                             "access", false, false, 201},
                            RouteContract()
                                .Body(A::CreateKeyRequest())
                                .Returns(201, "the key, with its secret", A::CreatedKey()),
                            Bind(ac, &AccessHandlers::CreateKey)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/access/keys", "listAccessKeys", "API keys, never their secrets (admin)", "access"},
      RouteContract()
          .Query("include_revoked", Boolean(), "also revoked keys (default false)")
          .Returns(200, "the keys", A::KeyList()),
      Bind(ac, &AccessHandlers::ListKeys)));
  LH_RETURN_IF_ERROR(t->Add({DELETE, "/access/keys/{id}", "revokeAccessKey",
                             "Revoke an API key at once (admin)", "access"},
                            RouteContract().Returns(200, "revoked", A::Revoked()),
                            Bind(ac, &AccessHandlers::RevokeKey)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/access/roles", "createAccessRole", "Create a custom role from grants (admin)",
              "access", false, false, 201},
             RouteContract().Body(A::CreateRoleRequest()).Returns(201, "the role", A::Role()),
             Bind(ac, &AccessHandlers::CreateRole)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/access/roles", "listAccessRoles", "Built-in and custom roles (admin)", "access"},
      RouteContract().Returns(200, "built-ins first", A::RoleList()),
      Bind(ac, &AccessHandlers::ListRoles)));
  LH_RETURN_IF_ERROR(t->Add({DELETE, "/access/roles/{name}", "deleteAccessRole",
                             "Delete a custom role no live key holds (admin)", "access"},
                            RouteContract().Returns(200, "deleted", A::RoleDeleted()),
                            Bind(ac, &AccessHandlers::DeleteRole)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/access/whoami", "getWhoAmI",
                             "The caller's principal, roles and effective grants", "access"},
                            RouteContract().Returns(200, "who is asking", A::WhoAmI()),
                            Bind(ac, &AccessHandlers::WhoAmI)));

  LH_RETURN_IF_ERROR(RegisterScheduleRoutes(h->schedules.get(), t));
  LH_RETURN_IF_ERROR(RegisterAuditRoutes(h->audit.get(), t));
  LH_RETURN_IF_ERROR(RegisterWebUiRoutes(t));
  LH_RETURN_IF_ERROR(RegisterAgentRoutes(h->tools.get(), h->mcp.get(), t));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/system/config", "getServerConfig",
              "The server's effective configuration, secrets redacted (admin)", "system"},
             RouteContract().Returns(200, "every key with its value", R::ServerConfig()),
             Bind(h->config.get(), &ConfigHandlers::Get)));
  LH_RETURN_IF_ERROR(RegisterWorkspaceRoutes(h->workspaces.get(), t));
  LH_RETURN_IF_ERROR(RegisterNlSqlRoutes(h->nl_sql.get(), t));
  // A route added above without its contract stops the server here, so no e2e test can pass.
  return t->CheckEveryRouteDocumented();
}

}  // namespace lakehouse
