#include "rpc/catalog_grpc_server.h"

#include <grpcpp/grpcpp.h>

#include "access/catalog_visibility.h"
#include "access/dataset_authorizer.h"
#include "common/logging.h"
#include "lakehouse/catalog/v1/catalog.grpc.pb.h"
#include "rpc/catalog_proto.h"
#include "rpc/grpc_status.h"

namespace lakehouse {
namespace {

constexpr std::string_view kServiceName = "lakehouse.catalog.v1.CatalogService";

// The generated service, each method: authenticate → call the catalog → convert. Failures are our
// Status until the one mapping at the end of Serve.
class CatalogGrpcService final : public pb::CatalogService::Service {
 public:
  explicit CatalogGrpcService(CatalogRpcDeps deps) : deps_(std::move(deps)) {}

  grpc::Status ListDatasets(grpc::ServerContext* context, const pb::ListDatasetsRequest*,
                            pb::ListDatasetsResponse* response) override {
    return Serve(context, "ListDatasets", [&](const AccessPolicy& policy) -> Status {
      LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets,
                          VisibleDatasets(deps_.catalog, policy, deps_.column_policies));
      for (const Dataset& d : datasets) ToProto(d, response->add_datasets());
      return Status::Ok();
    });
  }

  grpc::Status GetDataset(grpc::ServerContext* context, const pb::GetDatasetRequest* request,
                          pb::Dataset* response) override {
    return Serve(context, "GetDataset", [&](const AccessPolicy& policy) -> Status {
      LH_ASSIGN_OR_RETURN(Dataset dataset, VisibleDataset(deps_.catalog, policy, request->name(),
                                                          deps_.column_policies));
      ToProto(dataset, response);
      return Status::Ok();
    });
  }

  grpc::Status RegisterDataset(grpc::ServerContext* context,
                               const pb::RegisterDatasetRequest* request,
                               pb::Dataset* response) override {
    return Serve(context, "RegisterDataset", [&](const AccessPolicy& policy) -> Status {
      LH_ASSIGN_OR_RETURN(RegisterRequest parsed, FromProto(*request));
      LH_RETURN_IF_ERROR(CheckCreatePermission(policy, parsed.create.name, parsed.create.tags));
      Dataset dataset;
      if (parsed.files.empty()) {
        LH_ASSIGN_OR_RETURN(dataset, deps_.catalog->CreateDataset(std::move(parsed.create)));
      } else {
        LH_ASSIGN_OR_RETURN(
            dataset, deps_.resync->RegisterWithFiles(std::move(parsed.create), parsed.files));
      }
      ToProto(dataset, response);
      return Status::Ok();
    });
  }

  grpc::Status CommitVersion(grpc::ServerContext* context, const pb::CommitVersionRequest* request,
                             pb::DatasetVersion* response) override {
    return Serve(context, "CommitVersion", [&](const AccessPolicy& policy) -> Status {
      LH_ASSIGN_OR_RETURN(FileCommitRequest commit, FromProto(*request));
      LH_ASSIGN_OR_RETURN(Dataset dataset, deps_.catalog->GetDataset(commit.dataset));
      LH_RETURN_IF_ERROR(
          CheckDatasetPermission(policy, dataset.name, dataset.tags, Permission::kWrite));
      LH_ASSIGN_OR_RETURN(DatasetVersion version, deps_.committer->Commit(commit));
      ToProto(version, response);
      return Status::Ok();
    });
  }

  grpc::Status ListVersions(grpc::ServerContext* context, const pb::ListVersionsRequest* request,
                            pb::ListVersionsResponse* response) override {
    return Serve(context, "ListVersions", [&](const AccessPolicy& policy) -> Status {
      LH_ASSIGN_OR_RETURN(Dataset dataset, VisibleDataset(deps_.catalog, policy, request->name(),
                                                          deps_.column_policies));
      LH_ASSIGN_OR_RETURN(std::vector<DatasetVersion> versions,
                          deps_.catalog->ListVersions(dataset.name));
      for (const DatasetVersion& v : versions) ToProto(v, response->add_versions());
      return Status::Ok();
    });
  }

 private:
  // One call: its span, authentication, the body, the status mapping, a last-resort catch.
  template <typename Body>
  grpc::Status Serve(grpc::ServerContext* context, std::string_view method, Body&& body) {
    std::optional<TraceContext> parent;
    const auto& metadata = context->client_metadata();
    if (auto it = metadata.find("traceparent"); it != metadata.end()) {
      parent = ParseTraceparent(std::string_view(it->second.data(), it->second.size()));
    }
    Span span(deps_.spans, StrCat(kServiceName, "/", method), SpanKind::kServer, parent);
    span.SetAttribute("rpc.system", "grpc");
    span.SetAttribute("rpc.service", kServiceName);
    span.SetAttribute("rpc.method", method);
    Status status = [&]() -> Status {
      try {
        LH_ASSIGN_OR_RETURN(std::shared_ptr<const AccessPolicy> policy,
                            deps_.authenticate(PresentedKey(*context)));
        span.SetAttribute("enduser.id", policy->principal().name);
        return body(*policy);
      } catch (const std::exception& e) {
        LH_LOG_ERROR("grpc {}/{} failed with an exception: {}", kServiceName, method, e.what());
        return Internal("internal error");
      }
    }();
    const grpc::Status mapped = ToGrpcStatus(status);
    span.SetAttribute("rpc.grpc.status_code", static_cast<int64_t>(mapped.error_code()));
    if (!status.ok()) {
      span.SetAttribute("lakehouse.error_code", StatusCodeName(status.code()));
      const StatusCode c = status.code();
      if (c == StatusCode::kInternal || c == StatusCode::kDataLoss ||
          c == StatusCode::kUnavailable || c == StatusCode::kUpstreamError) {
        span.SetError(status.message());
      }
    }
    return mapped;
  }

  CatalogRpcDeps deps_;
};

}  // namespace

struct CatalogGrpcServer::Impl {
  std::unique_ptr<CatalogGrpcService> service;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  bool shut_down = false;
};

CatalogGrpcServer::CatalogGrpcServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CatalogGrpcServer::~CatalogGrpcServer() { Shutdown(std::chrono::milliseconds(0)); }

Result<std::unique_ptr<CatalogGrpcServer>> CatalogGrpcServer::Start(const GrpcOptions& options,
                                                                    CatalogRpcDeps deps) {
  auto impl = std::make_unique<Impl>();
  impl->service = std::make_unique<CatalogGrpcService>(std::move(deps));
  grpc::ServerBuilder builder;
  // An IPv6 literal needs brackets in a gRPC address.
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  builder.AddListeningPort(host + ":" + std::to_string(options.port),
                           grpc::InsecureServerCredentials(), &impl->port);
  builder.RegisterService(impl->service.get());
  impl->server = builder.BuildAndStart();
  if (impl->server == nullptr || impl->port == 0) {
    return Unavailable("cannot listen for gRPC on ", options.host, ":",
                       std::to_string(options.port));
  }
  return std::unique_ptr<CatalogGrpcServer>(new CatalogGrpcServer(std::move(impl)));
}

int CatalogGrpcServer::port() const { return impl_->port; }

void CatalogGrpcServer::Shutdown(std::chrono::milliseconds grace) {
  if (impl_->shut_down || impl_->server == nullptr) return;
  impl_->shut_down = true;
  impl_->server->Shutdown(std::chrono::system_clock::now() + grace);
  impl_->server->Wait();
}

}  // namespace lakehouse
