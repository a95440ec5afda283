#include "api/routes.h"

namespace lakehouse {
namespace {

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
                            Bind(sys, &SystemHandlers::Health)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/ready", "getReady", "Readiness: started and DuckDB answering",
                             "system", /*public_route=*/true},
                            Bind(sys, &SystemHandlers::Ready)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/openapi.json", "getOpenApi",
                             "This OpenAPI document, generated from the route table", "system"},
                            Bind(sys, &SystemHandlers::OpenApi)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/metrics", "getMetrics",
                             "Prometheus metrics: request counts and latency per route", "system"},
                            Bind(sys, &SystemHandlers::Metrics)));

  QueryHandlers* q = h->query.get();
  LH_RETURN_IF_ERROR(t->Add({POST, "/query/sql", "runSql",
                             "Run one read-only SQL statement over the datasets (answered from "
                             "the result cache when it may be)",
                             "query"},
                            Bind(q, &QueryHandlers::Sql)));
  // Read path: paged results.
  LH_RETURN_IF_ERROR(t->Add({POST, "/query/paged", "runPagedSql",
                             "Run a read-only query and keep its result for paging", "query"},
                            Bind(q, &QueryHandlers::Paged)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/query/page/{id}/{page}", "getQueryPage",
              "One page (0-based) of a paged result; ?size= defaults to page_size", "query"},
             Bind(q, &QueryHandlers::Page)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/query/compact", "compactDataset",
                             "Rewrite a dataset's files as one base with upserts and tombstones "
                             "applied",
                             "query"},
                            Bind(q, &QueryHandlers::Compact)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/query/cache/pin", "pinDatasetInCache",
                             "Pin a dataset in the hot cache as an in-memory table", "query"},
                            Bind(q, &QueryHandlers::CachePin)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/query/cache/evict", "evictDatasetFromCache",
                             "Evict a pinned dataset from the hot cache", "query"},
                            Bind(q, &QueryHandlers::CacheEvict)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/query/cache/stats", "getCacheStats",
                             "Hot cache entries, estimated bytes, budget, hits and misses, and "
                             "the result cache's entries, bytes, hits and misses",
                             "query"},
                            Bind(q, &QueryHandlers::CacheStats)));

  StorageHandlers* st = h->storage.get();
  const std::string objects = "/storage/buckets/{bucket}/objects";
  LH_RETURN_IF_ERROR(t->Add(
      Streamed({PUT, objects + "/{key...}", "putObject",
                "Write an object (streamed; replaces atomically)", "storage", false, false, 201}),
      Bind(st, &StorageHandlers::PutObject)));
  LH_RETURN_IF_ERROR(t->Add({GET, objects + "/{key...}", "getObject",
                             "Read an object (Range supported; rescue bucket fallback)", "storage"},
                            Bind(st, &StorageHandlers::GetObject)));
  LH_RETURN_IF_ERROR(t->Add({DELETE, objects + "/{key...}", "deleteObject", "Delete an object",
                             "storage", false, false, 204},
                            Bind(st, &StorageHandlers::DeleteObject)));
  LH_RETURN_IF_ERROR(t->Add({GET, objects, "listObjects", "List objects by key prefix", "storage"},
                            Bind(st, &StorageHandlers::ListObjects)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/storage/buckets", "listBuckets", "List buckets", "storage"},
                            Bind(st, &StorageHandlers::ListBuckets)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/storage/buckets", "createBucket",
                             "Add a bucket at runtime (persisted)", "storage", false, false, 201},
                            Bind(st, &StorageHandlers::CreateBucket)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/storage/buckets/{name}", "deleteBucket",
              "Remove a runtime bucket (never primary or rescue)", "storage", false, false, 204},
             Bind(st, &StorageHandlers::DeleteBucket)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/storage/errors", "listStorageErrors",
                             "Recent failed bucket operations (error journal)", "storage"},
                            Bind(st, &StorageHandlers::Errors)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/storage/bucket-health", "getBucketHealth",
                             "Reachability and free space per bucket", "storage"},
                            Bind(st, &StorageHandlers::Health)));

  CatalogHandlers* c = h->catalog.get();
  const std::string by_name = "/catalog/datasets/by-name/{name}";
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/catalog/datasets", "listDatasets", "Every dataset's manifest", "catalog"},
             Bind(c, &CatalogHandlers::List)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/catalog/datasets", "createDataset",
                             "Register a dataset (optionally over existing Parquet objects)",
                             "catalog", false, false, 201},
                            Bind(c, &CatalogHandlers::Create)));
  LH_RETURN_IF_ERROR(t->Add({GET, by_name, "getDataset", "One dataset's manifest", "catalog"},
                            Bind(c, &CatalogHandlers::Get)));
  LH_RETURN_IF_ERROR(t->Add({PATCH, by_name + "/metadata", "patchDatasetMetadata",
                             "Description, owner, sensitivity, tags, column metadata", "catalog"},
                            Bind(c, &CatalogHandlers::PatchMetadata)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, by_name + "/versions", "listDatasetVersions", "The dataset's commit log", "catalog"},
      Bind(c, &CatalogHandlers::Versions)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, by_name, "deleteDataset",
              "Delete a dataset (a final version; files reaped later) and its vector "
              "indexes",
              "catalog"},
             Bind(c, &CatalogHandlers::Delete)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, by_name + "/resync", "resyncDataset",
              "Recompute rows, size and columns from the Parquet footers", "catalog"},
             Bind(c, &CatalogHandlers::Resync)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/catalog/resync-missing", "resyncMissing",
                             "Resync every dataset whose manifest is incomplete", "catalog"},
                            Bind(c, &CatalogHandlers::ResyncMissing)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/catalog/stats", "getCatalogStats",
                             "Counts of datasets, rows, bytes and versions", "catalog"},
                            Bind(c, &CatalogHandlers::Stats)));

  // File ingest (write path).
  IngestHandlers* in = h->ingest.get();
  LH_RETURN_IF_ERROR(t->Add(Streamed({POST, "/ingest/file", "ingestFile",
                                      "Ingest uploaded files (multipart) into a dataset as one "
                                      "commit: dedup, schema evolution, append/replace/upsert",
                                      "ingest"}),
                            Bind(in, &IngestHandlers::IngestFile)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/ingest/db", "ingestDb",
                             "Pull a PostgreSQL table or query into a dataset as one commit "
                             "(binary COPY; append/replace/upsert; incremental by column)",
                             "ingest"},
                            Bind(h->db_ingest.get(), &DbIngestHandlers::IngestDb)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, by_name + "/schema-diff", "getDatasetSchemaDiff",
              "Schema diff of a stored object against the dataset, no ingest", "ingest"},
             Bind(in, &IngestHandlers::SchemaDiff)));
  LH_RETURN_IF_ERROR(t->Add({POST, by_name + "/tombstone", "addTombstones",
                             "Tombstone rows by key (a delete file; 207 when some keys matched "
                             "nothing)",
                             "ingest"},
                            Bind(in, &IngestHandlers::AddTombstones)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, by_name + "/tombstone", "listTombstones", "The dataset's live tombstones", "ingest"},
      Bind(in, &IngestHandlers::ListTombstones)));

  JobHandlers* jobs = h->jobs.get();
  LH_RETURN_IF_ERROR(t->Add({GET, "/jobs", "listJobs",
                             "Background jobs, newest first (?state, kind, target, limit)", "jobs"},
                            Bind(jobs, &JobHandlers::List)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/jobs/{id}", "getJob", "One job: state, progress, message, error, result", "jobs"},
      Bind(jobs, &JobHandlers::Get)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/jobs/{id}/cancel", "cancelJob",
                             "Cancel a queued job, or ask a running one to stop", "jobs"},
                            Bind(jobs, &JobHandlers::Cancel)));

  VectorHandlers* v = h->vectors.get();
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/vectors/index", "createVectorIndex",
              "Create a vector index over a dataset column; builds as a job", "vectors"},
             Bind(v, &VectorHandlers::CreateIndex)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/vectors/indexes", "listVectorIndexes",
                             "The vector index registry (?dataset, ?model)", "vectors"},
                            Bind(v, &VectorHandlers::ListIndexes)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/indexes/{name}", "getVectorIndex",
              "One vector index: definition, counts, build stats, status", "vectors"},
             Bind(v, &VectorHandlers::GetIndex)));
  LH_RETURN_IF_ERROR(t->Add({PATCH, "/vectors/indexes/{name}", "patchVectorIndex",
                             "Change an index's policy or search parameters; a model or "
                             "chunking change rebuilds a shadow index and swaps it in",
                             "vectors"},
                            Bind(v, &VectorHandlers::PatchIndex)));
  LH_RETURN_IF_ERROR(t->Add({DELETE, "/vectors/indexes/{name}", "deleteVectorIndex",
                             "Delete a vector index and its files", "vectors"},
                            Bind(v, &VectorHandlers::DeleteIndex)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/indexes/{name}/freshness", "getVectorIndexFreshness",
              "How stale an index is, its coverage and next scheduled run", "vectors"},
             Bind(v, &VectorHandlers::Freshness)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/indexes/{name}/evals", "evaluateVectorIndex",
                             "Recall@k and latency of an index's search at given ef_search "
                             "values, on given queries or on queries sampled from the index",
                             "vectors"},
                            Bind(v, &VectorHandlers::Evaluate)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/indexes/{name}/trials", "runVectorIndexTrials",
                             "An eval whose ef_search settings are recorded in the index's trial "
                             "journal",
                             "vectors"},
                            Bind(v, &VectorHandlers::RunTrials)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/indexes/{name}/trials", "listVectorIndexTrials",
              "The index's trial journal: recall@k, p50/p95/p99, build time, memory", "vectors"},
             Bind(v, &VectorHandlers::ListTrials)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/indexes/{name}/trials/best", "bestVectorIndexTrial",
              "The best journaled trial (?by=recall|latency|pareto, ?min_recall)", "vectors"},
             Bind(v, &VectorHandlers::BestTrials)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/indexes/{name}/autotune", "autotuneVectorIndex",
                             "Trials over a bounded ef_search grid; promotes the fastest setting "
                             "reaching min_recall",
                             "vectors"},
                            Bind(v, &VectorHandlers::Autotune)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/vectors/search", "searchVectors",
              "Semantic search with an optional SQL filter over the dataset", "vectors"},
             Bind(v, &VectorHandlers::Search)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/search/batch", "searchVectorsBatch",
                             "Several searches of one index in one request (shared k, filter, "
                             "columns)",
                             "vectors"},
                            Bind(v, &VectorHandlers::SearchBatch)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/rag", "askVectors",
                             "Answer a question from an index's chunks, with citations", "vectors"},
                            Bind(v, &VectorHandlers::Rag)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/vectors/refresh/{dataset}", "refreshVectors",
                             "Embed what changed since the index was built (creates it on first "
                             "use); ?wait=true returns the result",
                             "vectors"},
                            Bind(v, &VectorHandlers::Refresh)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/vectors/stale", "listStaleVectorIndexes",
              "Every stale index with its lag, policy and timestamps (?dataset)", "vectors"},
             Bind(v, &VectorHandlers::Stale)));

  // Model providers (embedders and generators), exposed directly.
  AiHandlers* ai = h->ai.get();
  LH_RETURN_IF_ERROR(t->Add({POST, "/ai/embed", "embedTexts",
                             "Embed texts with a model (builtin/use-lite-v1, builtin/hash-v1, "
                             "ollama/<model>, openai/<model>; default ai.embed_model)",
                             "ai"},
                            Bind(ai, &AiHandlers::Embed)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/ai/generate", "generateText",
                             "Generate a reply to a prompt or chat messages with a configured "
                             "generator (ollama/<model>, openai/<model>)",
                             "ai"},
                            Bind(ai, &AiHandlers::Generate)));
  LH_RETURN_IF_ERROR(t->Add({POST, "/ai/rerank", "rerankDocuments",
                             "Order documents by relevance to a query with a rerank model "
                             "(tei/<model>, openai/<model>; default ai.rerank_model)",
                             "ai"},
                            Bind(ai, &AiHandlers::Rerank)));
  return Status::Ok();
}

}  // namespace lakehouse
