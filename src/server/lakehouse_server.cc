#include "server/lakehouse_server.h"

#include <chrono>
#include <filesystem>

#include "api/audited_routes.h"
#include "api/routes.h"
#include "api/traced_routes.h"
#include "audit/audit_views.h"
#include "common/logging.h"
#include "common/version.h"
#include "config/toml_document.h"

namespace lakehouse {
namespace {
// How often files removed by commits are checked for deletion (once no reader pins them).
constexpr std::chrono::milliseconds kReapInterval{10'000};
}  // namespace

LakehouseServer::LakehouseServer(Config config, const Clock* clock)
    : config_(std::move(config)), clock_(clock != nullptr ? clock : &system_clock_) {}

LakehouseServer::~LakehouseServer() {
  if (serving_.valid()) Stop(std::chrono::milliseconds(2000));
  if (schedules_) schedules_->Stop();  // its firings submit to jobs_, destroyed first
  // Queued audit records are resolved (index → dataset) while the services still live.
  if (audit_log_ != nullptr) (void)audit_log_->Flush();
}

Result<std::unique_ptr<LakehouseServer>> LakehouseServer::Create(const Config& config,
                                                                 const Clock* clock) {
  std::unique_ptr<LakehouseServer> server(new LakehouseServer(config, clock));
  LH_RETURN_IF_ERROR(server->Init());
  return server;
}

Status LakehouseServer::Init() {
  std::error_code ec;
  std::filesystem::create_directories(config_.data_dir, ec);
  if (ec) {
    return InvalidArgument("cannot create data directory '", config_.data_dir, "': ", ec.message());
  }
  config_.data_dir = std::filesystem::canonical(config_.data_dir).string();
  // Before anything in the directory is touched: a second server must not clean our temporaries.
  LH_ASSIGN_OR_RETURN(DataDirLock lock, DataDirLock::Acquire(config_.data_dir));
  data_dir_lock_ = std::make_unique<DataDirLock>(std::move(lock));
  // Upload spools of requests a crash interrupted are garbage: nothing references them.
  std::filesystem::remove_all(config_.data_dir + "/tmp/uploads", ec);

  if (!config_.telemetry.otlp_endpoint.empty()) {
    LH_ASSIGN_OR_RETURN(tracer_, BatchSpanExporter::Start(config_.telemetry));
    metrics_.AddExtraSource([tracer = tracer_.get()] { return tracer->RenderPrometheus(); });
  }
  LH_ASSIGN_OR_RETURN(Database db, Database::Open(config_.sql));
  duckdb_ = std::make_unique<Database>(std::move(db));
  LH_ASSIGN_OR_RETURN(sql_pool_, ConnectionPool::Create(*duckdb_, config_.sql.pool_size));

  LH_ASSIGN_OR_RETURN(buckets_, BucketRegistry::Open(config_.storage, config_.data_dir, *clock_));
  LH_ASSIGN_OR_RETURN(
      metastore_, Metastore::Open(MetastoreOptions{.data_dir = config_.data_dir,
                                                   .url = config_.catalog.url,
                                                   .password_file = config_.postgres.password_file},
                                  *clock_));
  StorageServiceOptions storage_options;
  // The handlers decide who may add buckets (an admin principal, never dev mode).
  storage_options.allow_bucket_admin = true;
  storage_options.owned_by_catalog = [metastore = metastore_.get()](std::string_view bucket,
                                                                    std::string_view key) {
    return metastore->ReferencesPath(bucket, key);
  };
  storage_ = std::make_unique<StorageService>(*buckets_, *clock_, std::move(storage_options));
  catalog_ = std::make_unique<CatalogService>(*metastore_, pii_, &commit_listeners_);
  LH_RETURN_IF_ERROR(StartAccess());
  inspector_ = std::make_unique<ParquetInspector>(sql_pool_.get());
  resync_ = std::make_unique<ResyncService>(metastore_.get(), catalog_.get(), buckets_.get(),
                                            inspector_.get());
  LH_RETURN_IF_ERROR(OpenAuditAndJournal());
  committer_ = std::make_unique<FileCommitter>(catalog_.get(), buckets_.get(), inspector_.get(),
                                               &commit_listeners_);
  LH_RETURN_IF_ERROR(StartReadPath());
  LH_RETURN_IF_ERROR(
      CreateAuditViews(*duckdb_, audit_log_->segments().Glob(), journal_->segments().Glob()));
  audit_queries_ = std::make_unique<AuditQueries>(queries_.get(), audit_log_.get());
  DuckDbOptions ingest_sql;
  ingest_sql.memory_limit = config_.sql.memory_limit;
  ingest_sql.threads = config_.sql.threads;
  ingest_sql.temp_directory = config_.sql.temp_directory;
  LH_ASSIGN_OR_RETURN(Database ingest_db, Database::Open(ingest_sql));
  ingest_duckdb_ = std::make_unique<Database>(std::move(ingest_db));
  LH_ASSIGN_OR_RETURN(
      ingest_pool_,
      ConnectionPool::Create(*ingest_duckdb_, static_cast<int>(config_.ingest.connections)));
  IngestServiceOptions ingest_options;
  ingest_options.staging = config_.ingest;
  ingest_options.staging.staging_dir = config_.data_dir + "/tmp/staging";
  ingest_options.journal = journal_.get();
  // Staged files of ingests a crash interrupted are garbage: nothing references them.
  std::filesystem::remove_all(ingest_options.staging.staging_dir, ec);
  ingest_ = std::make_unique<IngestService>(catalog_.get(), metastore_.get(), buckets_.get(),
                                            ingest_pool_.get(), &commit_listeners_, clock_,
                                            ingest_options);
  tombstones_ = std::make_unique<TombstoneService>(
      catalog_.get(), metastore_.get(), buckets_.get(), ingest_pool_.get(), &commit_listeners_,
      clock_, ingest_options.staging.staging_dir, journal_.get());
  DbIngestOptions db_ingest_options;
  db_ingest_options.stage.staging = ingest_options.staging;
  db_ingest_options.password_file = config_.postgres.password_file;
  LH_ASSIGN_OR_RETURN(db_ingest_options.source_policy,
                      PgSourcePolicy::Create(config_.postgres, config_.data_dir));
  db_ingest_options.mysql_password_file = config_.mysql.password_file;
  LH_ASSIGN_OR_RETURN(db_ingest_options.mysql_source_policy,
                      MysqlSourcePolicy::Create(config_.mysql));
  db_ingest_ = std::make_unique<DbIngestService>(ingest_.get(), catalog_.get(), ingest_pool_.get(),
                                                 db_ingest_options);
  maintenance_ =
      std::make_unique<StorageMaintenance>(metastore_.get(), buckets_.get(), clock_, kReapInterval);
  LH_RETURN_IF_ERROR(maintenance_->Start());
  embedders_ = std::make_unique<EmbedderRegistry>(config_.ai, clock_);
  generators_ = std::make_unique<GeneratorRegistry>(config_.ai, clock_);
  rerankers_ = std::make_unique<RerankerRegistry>(config_.ai, clock_);
  jobs_ = std::make_unique<JobService>(
      metastore_.get(), clock_,
      JobServiceOptions{.workers = static_cast<int32_t>(config_.jobs.workers)});
  LH_RETURN_IF_ERROR(StartVectors());

  handlers_.system = std::make_unique<SystemHandlers>(
      &routes_, &metrics_, sql_pool_.get(), &started_,
      [vectors = vectors_.get()] { return vectors->CheckLoaded(); }, buckets_.get());
  handlers_.query = std::make_unique<QueryHandlers>(queries_.get(), pager_.get(), compactor_.get(),
                                                    &read_path_->hot_cache(), authorizer_.get(),
                                                    policy_views_.get());
  handlers_.storage = std::make_unique<StorageHandlers>(
      storage_.get(), config_.data_dir + "/tmp/uploads", config_.server.max_body_bytes);
  handlers_.data_policy = std::make_unique<DataPolicyHandlers>(
      column_policies_.get(), policy_views_.get(), ai_views_.get());
  handlers_.catalog = std::make_unique<CatalogHandlers>(
      catalog_.get(), resync_.get(), authorizer_.get(), ai_views_.get(), column_policies_.get());
  handlers_.ingest = std::make_unique<IngestHandlers>(
      ingest_.get(), tombstones_.get(), config_.data_dir + "/tmp/uploads",
      config_.server.max_body_bytes, authorizer_.get());
  db_ingest_jobs_ = std::make_unique<DbIngestJobs>(db_ingest_.get(), jobs_.get());
  handlers_.db_ingest =
      std::make_unique<DbIngestHandlers>(db_ingest_jobs_.get(), jobs_.get(), authorizer_.get());
  // A restricted principal sees the jobs it started on datasets it is granted (and on indexes
  // over them); cancelling another's job needs admin on its dataset.
  handlers_.jobs = std::make_unique<JobHandlers>(
      jobs_.get(),
      [metastore = metastore_.get(),
       vectors = vectors_.get()](const Job& job) -> std::optional<std::string> {
        std::string dataset = job.target;
        if (Result<IndexInfo> index = vectors->GetIndex(job.target); index.ok()) {
          dataset = index->record.definition.dataset;
        }
        Result<Dataset> found = metastore->GetDataset(dataset);
        return found.ok() ? found->name : dataset;
      },
      authorizer_.get());
  handlers_.vectors = std::make_unique<VectorHandlers>(vectors_.get(), jobs_.get(),
                                                       authorizer_.get(), policy_views_.get());
  handlers_.access = std::make_unique<AccessHandlers>(access_.get(), policy_views_.get());
  schedules_ =
      std::make_unique<ScheduleService>(metastore_.get(), ingest_.get(), db_ingest_.get(),
                                        buckets_.get(), jobs_.get(), clock_, config_.schedules);
  handlers_.schedules = std::make_unique<ScheduleHandlers>(schedules_.get(), jobs_.get());
  handlers_.catalog->SetManifestExtension([vectors = vectors_.get()](const Dataset& dataset) {
    return vectors->DatasetEmbeddingStatus(dataset).ToJson();
  });
  handlers_.ai =
      std::make_unique<AiHandlers>(embedders_.get(), generators_.get(), rerankers_.get());
  handlers_.audit = std::make_unique<AuditHandlers>(audit_queries_.get(), journal_.get());
  handlers_.config = std::make_unique<ConfigHandlers>(&config_);
  StartTools();
  LH_RETURN_IF_ERROR(RegisterRoutes(&handlers_, &routes_));
  JournalDiskFullFailures();
  AuditEveryRoute(&routes_, audit_log_.get(), clock_);
  config_.server.on_answered_early = AuditEarlyAnswers(audit_log_.get(), clock_);
  if (tracer_ != nullptr) TraceRoutes(tracer_.get(), &routes_);  // outermost: times the rest
  // Every job kind is registered by now; jobs a previous process left behind resume.
  LH_RETURN_IF_ERROR(jobs_->Start());
  LH_RETURN_IF_ERROR(schedules_->Start());
  http_ = std::make_unique<HttpServer>(config_.server, &routes_, &metrics_);
  return Status::Ok();
}

void LakehouseServer::StartTools() {
  tool_store_ = std::make_unique<ToolStore>(metastore_.get());
  tools_ = std::make_unique<ToolService>(tool_store_.get(), queries_.get(), policy_views_.get(),
                                         authorizer_.get(), vectors_.get(), clock_);
  tools_->LoadFiles(config_.data_dir + "/tools", TomlToJson);
  workspace_store_ = std::make_unique<WorkspaceStore>(metastore_.get());
  saved_searches_ = std::make_unique<SavedSearchRunner>(
      queries_.get(), policy_views_.get(), tools_.get(), vectors_.get(), catalog_.get(), clock_);
  workspaces_ = std::make_unique<WorkspaceService>(workspace_store_.get(), saved_searches_.get(),
                                                   catalog_.get(), clock_);
  handlers_.workspaces = std::make_unique<WorkspaceHandlers>(workspaces_.get());
  mcp_ = std::make_unique<McpServer>(McpDeps{tools_.get(), queries_.get(), policy_views_.get(),
                                             vectors_.get(), catalog_.get(), kVersion,
                                             workspaces_.get(), column_policies_.get()});
  handlers_.tools = std::make_unique<ToolHandlers>(tools_.get());
  handlers_.mcp = std::make_unique<McpHandlers>(mcp_.get(), config_.server.cors_allowed_origins);
  nl_sql_ = std::make_unique<NlSqlService>(catalog_.get(), policy_views_.get(), queries_.get(),
                                           generators_.get(), ai_views_.get());
  handlers_.nl_sql = std::make_unique<NlSqlHandlers>(nl_sql_.get());
}

Status LakehouseServer::StartAccess() {
  LH_ASSIGN_OR_RETURN(access_, AccessService::Open(metastore_.get(), clock_,
                                                   AccessServiceOptions{config_.server.api_keys}));
  authorizer_ = std::make_unique<DatasetAuthorizer>(catalog_.get());
  config_.server.authenticator.keys_exist = [access = access_.get()] {
    return access->KeysExist();
  };
  config_.server.authenticator.authenticate = [access = access_.get()](std::string_view key) {
    return access->Authenticate(key);
  };
  if (!access_->KeysExist()) {
    LH_LOG_WARN("**************************************************************************");
    LH_LOG_WARN("* DEV MODE: no API key exists, so every request runs as the single local  *");
    LH_LOG_WARN("* admin user 'dev' (loopback Host only). Create a key to turn on access   *");
    LH_LOG_WARN("* control: lakehouse access keys create --principal <name> --role admin   *");
    LH_LOG_WARN("**************************************************************************");
  }
  return Status::Ok();
}

void LakehouseServer::JournalDiskFullFailures() {
  // Wherever a request meets a full disk — its upload spool, staging, the catalog, a bucket — it
  // answers 507 INSUFFICIENT_STORAGE and the failure lands in GET /storage/errors (in memory when
  // the journal's own disk is the full one).
  routes_.WrapHandlers(
      [journal = &buckets_->journal()](const RouteSpec& spec, HttpHandler handler) -> HttpHandler {
        return [journal, operation = spec.operation_id,
                handler = std::move(handler)](HttpRequest& request) -> Result<HttpResponse> {
          Result<HttpResponse> response = handler(request);
          if (!response.ok() && response.status().code() == StatusCode::kInsufficientStorage) {
            const std::string bucket = request.PathParam("bucket");
            (void)journal->Record(bucket, operation, request.path, response.status());
            LH_LOG_ERROR("{} {}: {}", operation, request.path, response.status().ToString());
          }
          return response;
        };
      });
}

Status LakehouseServer::OpenAuditAndJournal() {
  constexpr int64_t kDayUs = 86'400LL * 1'000'000;
  JournalOptions journal;
  journal.enabled = config_.journal.enabled != 0;
  journal.segments = {config_.data_dir + "/journal", "events", config_.journal.segment_max_bytes,
                      config_.journal.segment_max_age_s * 1'000'000,
                      config_.journal.retention_days * kDayUs};
  LH_ASSIGN_OR_RETURN(journal_, Journal::Open(std::move(journal), clock_));
  const AuditOptions& a = config_.audit;
  AuditLogOptions audit;
  audit.enabled = a.enabled != 0;
  audit.sync_writes = a.sync_writes != 0;
  audit.queue_capacity = a.queue_capacity;
  audit.flush_interval_ms = a.flush_interval_ms;
  audit.subject_keys_max_rows = a.subject_keys_max_rows;
  audit.segments = {config_.data_dir + "/audit", "requests", a.segment_max_bytes,
                    a.segment_max_age_s * 1'000'000, a.retention_days * kDayUs};
  // Subject keys: the primary key of each keyed dataset a small SQL result read.
  AuditResolvers resolvers;
  resolvers.primary_key =
      [catalog = catalog_.get()](const std::string& name) -> std::optional<std::string> {
    Result<Dataset> dataset = catalog->GetDataset(name);
    if (!dataset.ok() || !dataset->primary_key || dataset->primary_key->size() != 1) {
      return std::nullopt;
    }
    return dataset->primary_key->front();
  };
  // Search hits: an index's doc ids are keys of the dataset it is built over. vectors_ is built
  // later; the flusher only runs this for search records, i.e. once the server serves.
  resolvers.index_dataset = [this](const std::string& index) -> std::optional<std::string> {
    if (vectors_ == nullptr) return std::nullopt;
    Result<IndexInfo> info = vectors_->GetIndex(index);
    if (!info.ok()) return std::nullopt;
    return info->record.definition.dataset;
  };
  LH_ASSIGN_OR_RETURN(audit_log_, AuditLog::Open(std::move(audit), clock_, std::move(resolvers)));
  if (!audit_log_->enabled()) LH_LOG_WARN("audit.enabled = 0: requests are not audited");
  return Status::Ok();
}

Status LakehouseServer::StartReadPath() {
  // The query database may touch only its own export directory, the buckets (read through links
  // kept in one directory, so buckets added at runtime are readable too) and the vector indexes
  // (read through the embeddings.* views).
  std::string exports_dir = config_.data_dir + "/tmp/query-exports";
  std::string bucket_links = config_.data_dir + "/tmp/bucket-links";
  std::string indexes_dir = config_.data_dir + "/indexes";
  std::error_code ec;
  // Exports and compaction outputs a crash interrupted are garbage: nothing references them.
  std::filesystem::remove_all(exports_dir, ec);
  for (const std::string& dir : {exports_dir, indexes_dir}) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Internal("cannot create '", dir, "': ", ec.message());
  }
  LH_RETURN_IF_ERROR(buckets_->SetReadLinkDir(bucket_links));
  // The audit log and the journal are read through the audit.requests / journal.events views.
  LH_RETURN_IF_ERROR(
      duckdb_->LockDown({exports_dir, bucket_links, indexes_dir, config_.data_dir + "/audit",
                         config_.data_dir + "/journal"}));
  ReadPathOptions read_options;
  read_options.hot_cache_bytes = config_.sql.hot_cache_bytes;
  read_options.result_cache_bytes =
      config_.sql.hot_cache_bytes / 100 * config_.sql.result_cache_percent;
  read_options.result_cache_max_result_bytes = config_.sql.result_cache_max_result_bytes;
  read_options.pins_file = config_.data_dir + "/hot_cache_pins.json";
  read_path_ = std::make_unique<ReadPath>(duckdb_.get(), metastore_.get(), buckets_.get(), clock_,
                                          read_options);
  LH_RETURN_IF_ERROR(read_path_->Start());
  commit_listeners_.Add(&read_path_->views());
  LH_ASSIGN_OR_RETURN(std::string policy_secret, LoadOrCreatePolicySecret(config_.data_dir));
  column_policies_ = std::make_unique<ColumnPolicyStore>(metastore_.get());
  ai_views_ = std::make_unique<AiViewStore>(metastore_.get());
  policy_views_ =
      std::make_unique<PolicyViews>(duckdb_.get(), metastore_.get(), column_policies_.get(),
                                    ai_views_.get(), std::move(policy_secret));
  if (Status views = policy_views_->RefreshSharedViews(); !views.ok()) {
    LH_LOG_WARN("AI-safe views: {}", views.ToString());
  }
  queries_ =
      std::make_unique<QueryService>(sql_pool_.get(), &watchdog_, config_.sql, read_path_.get());
  queries_->SetExportDirectory(exports_dir);
  {  // no answer names the data directory, as configured or resolved
    std::vector<std::string> hidden = {config_.data_dir,
                                       std::filesystem::absolute(config_.data_dir, ec).string()};
    hidden.push_back(std::filesystem::weakly_canonical(config_.data_dir, ec).string());
    queries_->SetHiddenPaths(std::move(hidden));
  }
  pager_ = std::make_unique<QueryPager>(queries_.get());
  compactor_ = std::make_unique<Compactor>(
      metastore_.get(), catalog_.get(), buckets_.get(), &read_path_->views(), sql_pool_.get(),
      &commit_listeners_, exports_dir, config_.sql.compact_after_files);
  commit_listeners_.Add(compactor_.get());
  // Test-only fault hook (see Compactor::SetFaultPause); never set in production.
  if (config_.debug.compact_pause_ms > 0) {
    compactor_->SetFaultPause(std::chrono::milliseconds(config_.debug.compact_pause_ms));
    LH_LOG_WARN("debug.compact_pause_ms is set: compactions pause {} ms per step",
                config_.debug.compact_pause_ms);
  }
  return Status::Ok();
}

Status LakehouseServer::StartVectors() {
  LH_ASSIGN_OR_RETURN(
      vector_pool_,
      ConnectionPool::Create(*ingest_duckdb_, static_cast<int>(config_.vectors.connections)));
  index_store_ = std::make_unique<IndexStore>(metastore_.get());
  RefresherDeps deps;
  deps.metastore = metastore_.get();
  deps.catalog = catalog_.get();
  deps.views = &read_path_->views();
  deps.buckets = buckets_.get();
  deps.store = index_store_.get();
  deps.pool = vector_pool_.get();
  deps.clock = clock_;
  deps.embedders = [registry = embedders_.get()](std::string_view model) {
    return registry->Get(model);
  };
  AnswerGenerator generate =
      [registry = generators_.get()](
          std::string_view model, const std::string& system,
          const std::string& user) -> Result<std::pair<std::string, std::string>> {
    LH_ASSIGN_OR_RETURN(std::shared_ptr<Generator> generator, registry->Get(model));
    if (system.empty() && user.empty()) return std::make_pair(std::string(), std::string(model));
    GenerateRequest request;
    request.messages = {{"system", system}, {"user", user}};
    LH_ASSIGN_OR_RETURN(GenerateResult result, generator->Generate(request));
    return std::make_pair(std::move(result.text), std::move(result.model));
  };
  ChunkReranker rerank = [registry = rerankers_.get()](
                             std::string_view model,
                             const RerankRequest& request) -> Result<RerankResult> {
    LH_ASSIGN_OR_RETURN(std::shared_ptr<Reranker> reranker, registry->Get(model));
    return reranker->Rerank(request);
  };
  VectorServiceOptions options;
  options.indexes_dir = config_.data_dir + "/indexes";
  options.default_model = embedders_->default_model();
  options.refresher.batch_chunks = config_.vectors.checkpoint_chunks;
  options.refresher.max_graph_deleted_fraction =
      static_cast<double>(config_.vectors.graph_rebuild_deleted_percent) / 100.0;
  options.refresher.graph_save_fraction =
      static_cast<double>(config_.vectors.graph_save_percent) / 100.0;
  options.row_cache.budget_bytes = config_.vectors.row_cache_bytes;
  options.compact_parts = config_.vectors.compact_parts;
  // Test-only fault hook (see VectorServiceOptions::debug_load_pause); never set in production.
  if (config_.debug.index_load_pause_ms > 0) {
    options.debug_load_pause = std::chrono::milliseconds(config_.debug.index_load_pause_ms);
    LH_LOG_WARN("debug.index_load_pause_ms is set: each vector index loads {} ms late",
                config_.debug.index_load_pause_ms);
  }
  LH_ASSIGN_OR_RETURN(embedding_views_, EmbeddingViews::Create(duckdb_.get()));
  vectors_ = std::make_unique<VectorService>(deps, jobs_.get(), queries_.get(), std::move(generate),
                                             options, embedding_views_.get(), std::move(rerank));
  vectors_->RegisterJobs();
  commit_listeners_.Add(vectors_.get());
  return vectors_->Start();
}

Status LakehouseServer::Start() {
  LH_RETURN_IF_ERROR(http_->Bind());
  if (config_.grpc.port >= 0) {
    // The same keys, principals and policies as the HTTP API (access/access_service.h).
    KeyAuthenticator authenticate = [access = access_.get()](std::string_view key) {
      return access->Authenticate(key);
    };
    CatalogRpcDeps deps{catalog_.get(),          resync_.get(), committer_.get(),
                        std::move(authenticate), tracer_.get(), column_policies_.get()};
    LH_ASSIGN_OR_RETURN(grpc_, CatalogGrpcServer::Start(config_.grpc, std::move(deps)));
    LH_LOG_INFO("gRPC catalog serving on {}:{}", config_.grpc.host, grpc_->port());
  }
  serving_ = std::async(std::launch::async, [this] { return http_->Run(); });
  started_.store(true);
  LH_LOG_INFO("lakehouse serving on {}:{} (data dir {})", config_.server.host, http_->port(),
              config_.data_dir);
  return Status::Ok();
}

bool LakehouseServer::Stop(std::chrono::milliseconds grace) {
  if (!serving_.valid()) return true;
  auto deadline = std::chrono::steady_clock::now() + grace;
  started_.store(false);
  if (grpc_ != nullptr) grpc_->Shutdown(grace / 2);
  bool drained = http_->Shutdown(grace);
  if (!drained)
    LH_LOG_WARN("shutdown: {} requests still in flight at the deadline", http_->in_flight());
  if (serving_.wait_until(deadline) != std::future_status::ready) return false;
  // Running jobs stop at their next step and go back to the queue for the next start.
  schedules_->Stop();
  jobs_->Stop();
  vectors_->Stop();
  Status s = serving_.get();
  if (!s.ok()) LH_LOG_ERROR("HTTP server stopped with an error: {}", s.ToString());
  return drained;
}

}  // namespace lakehouse
