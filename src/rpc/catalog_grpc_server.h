// CatalogGrpcServer: the catalog's gRPC API (proto/lakehouse/catalog/v1/catalog.proto) on its
// own port — list, get, register, commit, versions — served by the same CatalogService (and
// ResyncService for registering existing objects) as the HTTP API, with the same keys and access
// policy: every call is authenticated by the injected KeyAuthenticator (rpc/call_authenticator.h)
// and sees the catalog as HTTP shows it to that policy (access/catalog_visibility.h: datasets not
// granted are NOT_FOUND, denied columns and hidden lineage parents left out); register needs admin
// on the new dataset (as POST /catalog/datasets) and commit write on it (PERMISSION_DENIED when the
// dataset is visible without it). Each call is a server span continuing a `traceparent`
// metadata entry (ADR 013). The only class the rest of the server sees from rpc/; gRPC's own types
// stay behind its pimpl (synchronous gRPC server, its own thread pool).
//
// Thread-safety: Start/port/Shutdown from one controlling thread; calls are served concurrently.
#pragma once

#include <chrono>
#include <memory>

#include "catalog/catalog_service.h"
#include "common/result.h"
#include "rpc/call_authenticator.h"
#include "rpc/grpc_options.h"
#include "table/file_committer.h"
#include "table/resync_service.h"
#include "telemetry/span.h"

namespace lakehouse {

class ColumnPolicyStore;

// What the calls are served by; borrowed, and must outlive the server.
struct CatalogRpcDeps {
  CatalogService* catalog = nullptr;
  ResyncService* resync = nullptr;
  FileCommitter* committer = nullptr;
  KeyAuthenticator authenticate;
  SpanSink* spans = nullptr;                     // null: calls are not traced
  ColumnPolicyStore* column_policies = nullptr;  // null: no column overrides
};

class CatalogGrpcServer {
 public:
  // Binds options.host:options.port (0 = ephemeral) and starts serving. UNAVAILABLE when the port
  // cannot be bound.
  static Result<std::unique_ptr<CatalogGrpcServer>> Start(const GrpcOptions& options,
                                                          CatalogRpcDeps deps);
  ~CatalogGrpcServer();  // Shutdown with no grace, if not done
  CatalogGrpcServer(const CatalogGrpcServer&) = delete;
  CatalogGrpcServer& operator=(const CatalogGrpcServer&) = delete;

  int port() const;
  // Stops accepting calls; calls in flight get until `grace` to finish, then are cancelled.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  struct Impl;
  explicit CatalogGrpcServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakehouse
