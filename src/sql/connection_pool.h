// ConnectionPool: a fixed set of DuckDB connections (DuckDbOptions::pool_size), lent out one per
// concurrent request. Acquire() waits up to a timeout for a free connection and returns a
// ConnectionLease that gives it back on destruction.
//
//   LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool.Acquire(std::chrono::milliseconds(500)));
//   LH_ASSIGN_OR_RETURN(QueryResult result, lease->Query(sql));
//
// A lease returns its connection as-is: callers must not leave a transaction open on it.
//
// Ownership: built with Create() and owned by the composition root; the Database must outlive the
// pool, and every lease must be destroyed before the pool.
// Thread-safety: ConnectionPool is thread-safe. A ConnectionLease is externally synchronised (one
// request uses it at a time), except that the pool may Interrupt() its connection at any time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "common/mutex.h"
#include "common/result.h"
#include "sql/connection.h"
#include "sql/database.h"

namespace lakehouse {

class ConnectionPool;

class ConnectionLease {
 public:
  ConnectionLease(ConnectionLease&& other) noexcept;
  ConnectionLease& operator=(ConnectionLease&& other) noexcept;
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;
  ~ConnectionLease();  // returns the connection to the pool

  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_; }
  Connection& connection() const { return *connection_; }

 private:
  friend class ConnectionPool;
  ConnectionLease(ConnectionPool* pool, Connection* connection)
      : pool_(pool), connection_(connection) {}
  void Release();

  ConnectionPool* pool_ = nullptr;
  Connection* connection_ = nullptr;
};

class ConnectionPool {
 public:
  // Opens `size` connections to `db` (size < 1 → INVALID_ARGUMENT).
  static Result<std::unique_ptr<ConnectionPool>> Create(const Database& db, int size);

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  ~ConnectionPool();

  // A free connection, waiting up to `timeout` (zero or negative: do not wait). When none frees up
  // in time → RESOURCE_EXHAUSTED saying how many connections are busy.
  Result<ConnectionLease> Acquire(std::chrono::milliseconds timeout);

  int size() const { return static_cast<int>(connections_.size()); }
  int available() const;

 private:
  friend class ConnectionLease;
  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections);
  void Return(Connection* connection);

  // Immutable after construction; the pool owns every connection for its whole life.
  const std::vector<std::unique_ptr<Connection>> connections_;

  mutable Mutex mu_;
  std::condition_variable freed_;
  std::vector<Connection*> free_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
