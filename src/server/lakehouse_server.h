// LakehouseServer: the composition root. Builds every service from the Config, wires them together
// (no singletons, no globals), registers the routes and runs the HTTP server. Members are declared
// in dependency order, so destruction tears down in reverse.
//
// Thread-safety: Start/Stop from one controlling thread; everything it owns is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

#include "access/access_service.h"
#include "access/dataset_authorizer.h"
#include "access/policy_views.h"
#include "api/api_handlers.h"
#include "audit/audit_log.h"
#include "audit/audit_queries.h"
#include "audit/journal.h"
#include "catalog/catalog_service.h"
#include "catalog/commit_listener.h"
#include "catalog/metastore.h"
#include "catalog/pii_detector.h"
#include "common/clock.h"
#include "config/config.h"
#include "embed/embedder_registry.h"
#include "embed/generator_registry.h"
#include "embed/reranker_registry.h"
#include "http/http_metrics.h"
#include "http/http_server.h"
#include "http/route_table.h"
#include "ingest/db_ingest_job.h"
#include "ingest/db_ingest_service.h"
#include "ingest/ingest_service.h"
#include "ingest/schedule_service.h"
#include "ingest/tombstone_service.h"
#include "jobs/job_service.h"
#include "mcp/mcp_server.h"
#include "nl_sql/nl_sql_service.h"
#include "rpc/catalog_grpc_server.h"
#include "server/storage_maintenance.h"
#include "sql/connection_pool.h"
#include "sql/database.h"
#include "sql/query_pager.h"
#include "sql/query_service.h"
#include "sql/query_watchdog.h"
#include "storage/bucket_registry.h"
#include "storage/data_dir_lock.h"
#include "storage/storage_service.h"
#include "table/compactor.h"
#include "table/file_committer.h"
#include "table/parquet_inspector.h"
#include "table/read_path.h"
#include "table/resync_service.h"
#include "telemetry/batch_span_exporter.h"
#include "tools/tool_service.h"
#include "vector/index_store.h"
#include "vector/vector_service.h"
#include "workspace/workspace_service.h"

namespace lakehouse {

class LakehouseServer {
 public:
  // Opens the data directory and every service. Fails with a clear Status (bad data dir, DuckDB
  // cannot start, ...) without leaving anything running; FAILED_PRECONDITION naming the holder's
  // PID when another server has the data directory locked.
  // `clock` (not owned; must outlive the server) is the time every service sees; null means the
  // system clock. Tests inject a ManualClock to move time (cron schedules, staleness).
  static Result<std::unique_ptr<LakehouseServer>> Create(const Config& config,
                                                         const Clock* clock = nullptr);
  ~LakehouseServer();

  // Binds the listening socket and serves on a background thread; returns once listening.
  Status Start();
  int port() const { return http_->port(); }
  // The gRPC catalog's port; -1 when grpc.port is -1 (off).
  int grpc_port() const { return grpc_ != nullptr ? grpc_->port() : -1; }
  const Config& config() const { return config_; }
  // The served routes, for in-process callers (benchmarks comparing against HTTP).
  const RouteTable& routes() const { return routes_; }
  // For in-process benchmarks: the query service and the policy views (valid after Start()).
  QueryService* queries() const { return queries_.get(); }
  PolicyViews* policy_views() const { return policy_views_.get(); }
  // The model providers, for services built on them (vector indexes, RAG). Owned by the server.
  EmbedderRegistry* embedders() { return embedders_.get(); }
  GeneratorRegistry* generators() { return generators_.get(); }
  // For in-process tests (scheduled_refresh_test drives the cron with TickSchedule()).
  VectorService* vectors() { return vectors_.get(); }

  // Stops accepting, lets in-flight requests finish and joins the server thread, all within
  // `grace`. Returns false when the deadline passed first (e.g. idle keep-alive connections).
  bool Stop(std::chrono::milliseconds grace);

 private:
  LakehouseServer(Config config, const Clock* clock);
  Status Init();
  // Sandboxes the query database and builds the dataset views (read path).
  Status StartReadPath();
  // The vector index registry and service (needs the read path and the job service).
  Status StartVectors();
  // Builds the access service and hands its authenticator to the HTTP server; logs dev mode.
  Status StartAccess();
  // The tool registry (tools in <data_dir>/tools/*.toml loaded), agent workspaces and the MCP
  // server.
  void StartTools();
  // Wraps every route so a disk-full failure is journaled (storage/error_journal.h).
  void JournalDiskFullFailures();
  // Opens the audit log and the event journal (before the query database is locked down).
  Status OpenAuditAndJournal();

  Config config_;
  // The exclusive lock on data_dir (storage/data_dir_lock.h); declared first, released last.
  std::unique_ptr<DataDirLock> data_dir_lock_;
  // Span exporter (ADR 013); null when tracing is off. Declared early so it outlives every
  // thread that may end a span (HTTP workers, jobs).
  std::unique_ptr<BatchSpanExporter> tracer_;
  SystemClock system_clock_;
  const Clock* clock_;  // system_clock_ unless injected
  std::unique_ptr<Database> duckdb_;
  std::unique_ptr<ConnectionPool> sql_pool_;
  QueryWatchdog watchdog_;
  std::unique_ptr<QueryService> queries_;  // over read_path_
  std::unique_ptr<BucketRegistry> buckets_;
  std::unique_ptr<StorageService> storage_;
  std::unique_ptr<Metastore> metastore_;
  PiiDetector pii_;
  std::unique_ptr<CatalogService> catalog_;
  // Identity (API keys, roles) and the write-permission checks over the catalog.
  std::unique_ptr<AccessService> access_;
  std::unique_ptr<DatasetAuthorizer> authorizer_;
  // The event journal and the audit log (audit/): segment files under <data_dir>/journal and
  // <data_dir>/audit, readable as journal.events / audit.requests in the query database.
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<AuditLog> audit_log_;
  std::unique_ptr<AuditQueries> audit_queries_;
  std::unique_ptr<ParquetInspector> inspector_;
  std::unique_ptr<ResyncService> resync_;
  // Commits of objects writers uploaded themselves (the gRPC CommitVersion).
  std::unique_ptr<FileCommitter> committer_;
  // Read path: every dataset is a view by its name in the (sandboxed) query database; pinned
  // datasets as in-memory tables that their views read; the result cache.
  std::unique_ptr<ReadPath> read_path_;
  std::unique_ptr<ColumnPolicyStore> column_policies_;  // redaction overrides (issue 20)
  std::unique_ptr<AiViewStore> ai_views_;               // AI-safe views (issue 20)
  std::unique_ptr<PolicyViews> policy_views_;  // restricted policies' views over read_path_'s
  std::unique_ptr<QueryPager> pager_;
  std::unique_ptr<Compactor> compactor_;
  // Told about every data commit; the read path and vector indexes register here.
  CommitListeners commit_listeners_;
  // Ingest has its own DuckDB: staging reads and writes local files, which the query DuckDB may
  // not.
  std::unique_ptr<Database> ingest_duckdb_;
  std::unique_ptr<ConnectionPool> ingest_pool_;
  std::unique_ptr<IngestService> ingest_;
  std::unique_ptr<TombstoneService> tombstones_;
  std::unique_ptr<DbIngestService> db_ingest_;
  std::unique_ptr<StorageMaintenance> maintenance_;
  // Model providers: embedders (built-in and remote) and generators, by model id.
  std::unique_ptr<EmbedderRegistry> embedders_;
  std::unique_ptr<GeneratorRegistry> generators_;
  std::unique_ptr<RerankerRegistry> rerankers_;
  // Vector indexes: their own connections to the ingest DuckDB (they read data files and write
  // index parts), the registry and the service.
  std::unique_ptr<ConnectionPool> vector_pool_;
  std::unique_ptr<IndexStore> index_store_;
  // embeddings."<index>" views in the query database.
  std::unique_ptr<EmbeddingViews> embedding_views_;
  std::unique_ptr<VectorService> vectors_;
  // The tool registry and the MCP server over it (issue 21).
  std::unique_ptr<ToolStore> tool_store_;
  std::unique_ptr<ToolService> tools_;
  std::unique_ptr<McpServer> mcp_;
  // Agent workspaces (issue 21).
  std::unique_ptr<WorkspaceStore> workspace_store_;
  std::unique_ptr<SavedSearchRunner> saved_searches_;
  std::unique_ptr<WorkspaceService> workspaces_;
  std::unique_ptr<NlSqlService> nl_sql_;  // POST /ai/sql
  // Background jobs. Declared after every service a job runner uses, so its workers are joined
  // (in its destructor) before those services die.
  // Declared before jobs_ so the job workers stop before the runner they call is destroyed.
  std::unique_ptr<DbIngestJobs> db_ingest_jobs_;
  // Scheduled ingest; stopped (its firing thread joined) before jobs_ in Stop and the destructor.
  std::unique_ptr<ScheduleService> schedules_;
  std::unique_ptr<JobService> jobs_;
  HttpMetrics metrics_;
  ApiHandlers handlers_;
  RouteTable routes_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<CatalogGrpcServer> grpc_;  // null when grpc.port is -1
  std::atomic<bool> started_{false};
  std::future<Status> serving_;
};

}  // namespace lakehouse
