#include "catalog/catalog_backend_fixture.h"

#include <atomic>
#include <memory>
#include <mutex>

#include "tests/support/postgres_server.h"

namespace lakehouse::testing {
namespace {

std::mutex server_mu;
std::unique_ptr<PostgresServer>& Server() {
  static std::unique_ptr<PostgresServer> server;  // stopped (pg_ctl stop) at exit
  return server;
}

}  // namespace

std::string CatalogBackendName(const ::testing::TestParamInfo<CatalogBackend>& info) {
  return info.param == CatalogBackend::kSqlite ? "Sqlite" : "Postgres";
}

std::string FreshCatalogUrl(CatalogBackend backend) {
  if (backend == CatalogBackend::kSqlite) return "";
  std::lock_guard<std::mutex> lock(server_mu);
  if (Server() == nullptr) {
    auto started = PostgresServer::Start();
    if (!started.ok()) {
      ADD_FAILURE() << "PostgreSQL did not start: " << started.status().ToString();
      return "postgresql://127.0.0.1:1/unavailable";
    }
    Server() = std::move(*started);
  }
  static std::atomic<int> next{0};
  std::string database = "catalog_" + std::to_string(next.fetch_add(1));
  Status created = Server()->Execute("CREATE DATABASE " + database);
  EXPECT_TRUE(created.ok()) << created.ToString();
  return Server()->Dsn(database);
}

}  // namespace lakehouse::testing
