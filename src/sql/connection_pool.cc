#include "sql/connection_pool.h"

#include <cassert>
#include <string>
#include <utility>

#include "common/logging.h"
#include "common/mutex.h"

namespace lakehouse {

ConnectionLease::ConnectionLease(ConnectionLease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::exchange(other.connection_, nullptr)) {}

ConnectionLease& ConnectionLease::operator=(ConnectionLease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::exchange(other.connection_, nullptr);
  }
  return *this;
}

ConnectionLease::~ConnectionLease() { Release(); }

void ConnectionLease::Release() {
  if (pool_ != nullptr && connection_ != nullptr) pool_->Return(connection_);
  pool_ = nullptr;
  connection_ = nullptr;
}

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(const Database& db, int size) {
  if (size < 1)
    return InvalidArgument("connection pool size must be at least 1, got ", std::to_string(size));
  std::vector<std::unique_ptr<Connection>> connections;
  connections.reserve(size);
  for (int i = 0; i < size; ++i) {
    LH_ASSIGN_OR_RETURN(Connection connection, db.Connect());
    connections.push_back(std::make_unique<Connection>(std::move(connection)));
  }
  return std::unique_ptr<ConnectionPool>(new ConnectionPool(std::move(connections)));
}

ConnectionPool::ConnectionPool(std::vector<std::unique_ptr<Connection>> connections)
    : connections_(std::move(connections)) {
  for (const auto& connection : connections_) free_.push_back(connection.get());
}

ConnectionPool::~ConnectionPool() {
  MutexLock lock(mu_);
  assert(free_.size() == connections_.size() && "ConnectionPool destroyed with leases outstanding");
}

Result<ConnectionLease> ConnectionPool::Acquire(std::chrono::milliseconds timeout) {
  MutexLock lock(mu_);
  if (timeout.count() < 0) timeout = std::chrono::milliseconds(0);
  if (!freed_.wait_for(lock.native(), timeout,
                       [this]() LH_REQUIRES(mu_) { return !free_.empty(); })) {
    return ResourceExhausted("all ", std::to_string(connections_.size()),
                             " DuckDB connections are busy; none became free within ",
                             std::to_string(timeout.count()), " ms");
  }
  Connection* connection = free_.back();
  free_.pop_back();
  return ConnectionLease(this, connection);
}

void ConnectionPool::Return(Connection* connection) {
  // Every borrower starts in the connection's own database (a restricted query moved it).
  if (!connection->used_catalog().empty()) {
    Status reset = connection->UseCatalog("");
    if (!reset.ok()) LH_LOG_WARN("cannot reset a pooled DuckDB connection: {}", reset.ToString());
  }
  {
    MutexLock lock(mu_);
    free_.push_back(connection);
  }
  freed_.notify_one();
}

int ConnectionPool::available() const {
  MutexLock lock(mu_);
  return static_cast<int>(free_.size());
}

}  // namespace lakehouse
