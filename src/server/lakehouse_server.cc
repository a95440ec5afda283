#include "server/lakehouse_server.h"

#include <filesystem>

#include "api/routes.h"
#include "common/logging.h"

namespace lakehouse {
namespace {
// How often files removed by commits are checked for deletion (once no reader pins them).
constexpr std::chrono::milliseconds kReapInterval{10'000};
}  // namespace

LakehouseServer::LakehouseServer(Config config) : config_(std::move(config)) {}

LakehouseServer::~LakehouseServer() {
  if (serving_.valid()) Stop(std::chrono::milliseconds(2000));
}

Result<std::unique_ptr<LakehouseServer>> LakehouseServer::Create(const Config& config) {
  std::unique_ptr<LakehouseServer> server(new LakehouseServer(config));
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

  LH_ASSIGN_OR_RETURN(Database db, Database::Open(config_.sql));
  duckdb_ = std::make_unique<Database>(std::move(db));
  LH_ASSIGN_OR_RETURN(sql_pool_, ConnectionPool::Create(*duckdb_, config_.sql.pool_size));
  queries_ = std::make_unique<QueryService>(sql_pool_.get(), &watchdog_, config_.sql);

  LH_ASSIGN_OR_RETURN(buckets_, BucketRegistry::Open(config_.storage, config_.data_dir, clock_));
  storage_ = std::make_unique<StorageService>(*buckets_, clock_);

  LH_ASSIGN_OR_RETURN(metastore_, Metastore::Open(MetastoreOptions{config_.data_dir}, clock_));
  catalog_ = std::make_unique<CatalogService>(*metastore_, pii_);
  inspector_ = std::make_unique<ParquetInspector>(sql_pool_.get());
  resync_ = std::make_unique<ResyncService>(metastore_.get(), catalog_.get(), buckets_.get(),
                                            inspector_.get());
  maintenance_ = std::make_unique<StorageMaintenance>(metastore_.get(), buckets_.get(), &clock_,
                                                      kReapInterval);
  LH_RETURN_IF_ERROR(maintenance_->Start());

  handlers_.system = std::make_unique<SystemHandlers>(&routes_, &metrics_, sql_pool_.get(), &started_);
  handlers_.query = std::make_unique<QueryHandlers>(queries_.get());
  handlers_.storage = std::make_unique<StorageHandlers>(
      storage_.get(), config_.data_dir + "/tmp/uploads", config_.server.max_body_bytes);
  handlers_.catalog = std::make_unique<CatalogHandlers>(catalog_.get(), resync_.get());
  LH_RETURN_IF_ERROR(RegisterRoutes(&handlers_, &routes_));
  http_ = std::make_unique<HttpServer>(config_.server, &routes_, &metrics_);
  return Status::Ok();
}

Status LakehouseServer::Start() {
  LH_RETURN_IF_ERROR(http_->Bind());
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
  bool drained = http_->Shutdown(grace);
  if (!drained) LH_LOG_WARN("shutdown: {} requests still in flight at the deadline", http_->in_flight());
  if (serving_.wait_until(deadline) != std::future_status::ready) return false;
  Status s = serving_.get();
  if (!s.ok()) LH_LOG_ERROR("HTTP server stopped with an error: {}", s.ToString());
  return drained;
}

}  // namespace lakehouse
