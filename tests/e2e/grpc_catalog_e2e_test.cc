// The catalog over gRPC against the real binary (issue 24): a C++ gRPC client (the stubs
// generated from proto/lakehouse/catalog/v1/catalog.proto) lists, gets, registers, commits and
// reads versions; a commit on a stale expected_version is ABORTED; calls without a key, or with
// a wrong one, are UNAUTHENTICATED. What gRPC writes, HTTP reads (same catalog, same views).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "lakehouse/catalog/v1/catalog.grpc.pb.h"
#include "tests/support/server_test.h"

namespace lakehouse::testing {
namespace {

namespace pb = ::lakehouse::catalog::v1;

constexpr char kKey[] = "grpc-test-key";

class GrpcCatalogE2eTest : public ServerTest {
 protected:
  ServerProcessOptions ServerOptions() override {
    return {.env = {{"LAKEHOUSE_GRPC_PORT", "0"}}, .api_key = kKey};
  }

  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_GT(server_->grpc_port(), 0) << server_->Log();
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);  // loopback: never through an http_proxy
    channel_ = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(server_->grpc_port()),
                                         grpc::InsecureChannelCredentials(), args);
    stub_ = pb::CatalogService::NewStub(channel_);
  }

  // A context carrying the key as x-api-key (or as authorization: Bearer).
  static std::unique_ptr<grpc::ClientContext> Authed(bool bearer = false) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (bearer) {
      context->AddMetadata("authorization", std::string("Bearer ") + kKey);
    } else {
      context->AddMetadata("x-api-key", kKey);
    }
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  // Writes Parquet straight into the primary bucket under the dataset's prefix, as a writer that
  // shares the storage does before it commits.
  std::string UploadPart(const std::string& dataset_id, const std::string& name,
                         const std::string& select) {
    const std::string key = "datasets/" + dataset_id + "/" + name + ".parquet";
    const std::string path = server_->data_dir() + "/buckets/primary/" + key;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    WriteParquet(path, select);
    return key;
  }

  pb::Dataset RegisterSales() {
    pb::RegisterDatasetRequest request;
    request.set_name("sales");
    request.set_description("registered over gRPC");
    request.add_tags("Finance");
    for (auto [name, type] : {std::pair{"id", "BIGINT"}, std::pair{"amount", "DOUBLE"}}) {
      pb::ColumnSpec* column = request.add_columns();
      column->set_name(name);
      column->set_type(type);
      column->set_nullable(true);
    }
    pb::Dataset created;
    grpc::Status status = stub_->RegisterDataset(Authed().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::CatalogService::Stub> stub_;
};

TEST_F(GrpcCatalogE2eTest, RegisterCommitAndReadBackOverGrpcAndHttp) {
  pb::Dataset created = RegisterSales();
  EXPECT_EQ(created.name(), "sales");
  EXPECT_EQ(created.current_version(), 1);
  ASSERT_EQ(created.tags_size(), 1);
  EXPECT_EQ(created.tags(0), "finance");  // normalised like POST /catalog/datasets
  ASSERT_EQ(created.columns_size(), 2);

  // List and get, with either form of the key.
  pb::ListDatasetsResponse listed;
  ASSERT_TRUE(stub_->ListDatasets(Authed(true).get(), {}, &listed).ok());
  ASSERT_EQ(listed.datasets_size(), 1);
  EXPECT_EQ(listed.datasets(0).id(), created.id());
  pb::GetDatasetRequest get;
  get.set_name("SALES");
  pb::Dataset got;
  ASSERT_TRUE(stub_->GetDataset(Authed().get(), get, &got).ok());
  EXPECT_EQ(got.id(), created.id());

  // Commit two files a writer put under the dataset's prefix.
  pb::CommitVersionRequest commit;
  commit.set_name("sales");
  commit.set_expected_version(1);
  commit.set_operation(pb::VERSION_OPERATION_APPEND);
  commit.add_files_added()->set_key(UploadPart(
      created.id(), "a", "SELECT i::BIGINT AS id, (i * 1.5)::DOUBLE AS amount FROM range(3) t(i)"));
  commit.add_files_added()->set_key(
      UploadPart(created.id(), "b",
                 "SELECT i::BIGINT AS id, (i * 2.0)::DOUBLE AS amount FROM range(10, 14) t(i)"));
  pb::DatasetVersion committed;
  grpc::Status status = stub_->CommitVersion(Authed().get(), commit, &committed);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << server_->Log();
  EXPECT_EQ(committed.version(), 2);
  EXPECT_EQ(committed.operation(), pb::VERSION_OPERATION_APPEND);
  EXPECT_EQ(committed.rows_added(), 7);  // from the footers
  EXPECT_EQ(committed.files_added_size(), 2);
  EXPECT_EQ(committed.actor(), "grpc");

  // The same commit again: the dataset moved on → ABORTED, nothing committed.
  commit.clear_files_added();
  commit.add_files_added()->set_key(
      UploadPart(created.id(), "c", "SELECT 99::BIGINT AS id, 0.0::DOUBLE AS amount"));
  pb::DatasetVersion stale;
  status = stub_->CommitVersion(Authed().get(), commit, &stale);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();

  // Versions over gRPC; rows over HTTP (the views were told about the commit).
  pb::ListVersionsRequest versions_request;
  versions_request.set_name("sales");
  pb::ListVersionsResponse versions;
  ASSERT_TRUE(stub_->ListVersions(Authed().get(), versions_request, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_EQ(versions.versions(0).operation(), pb::VERSION_OPERATION_CREATE);
  EXPECT_EQ(versions.versions(1).version(), 2);
  auto rows = c().PostJson("/query/sql", {{"sql", "SELECT count(*) AS n FROM sales"}});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->status, 200) << rows->body;
  EXPECT_EQ((*rows->JsonBody())["rows"][0][0], 7);
  auto manifest = c().Get("/catalog/datasets/by-name/sales");
  EXPECT_EQ((*manifest->JsonBody())["row_count"], 7);
}

TEST_F(GrpcCatalogE2eTest, CallsWithoutTheKeyAreUnauthenticated) {
  pb::ListDatasetsResponse listed;
  grpc::ClientContext none;
  EXPECT_EQ(stub_->ListDatasets(&none, {}, &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext wrong;
  wrong.AddMetadata("x-api-key", "not-the-key");
  EXPECT_EQ(stub_->ListDatasets(&wrong, {}, &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext wrong_bearer;
  wrong_bearer.AddMetadata("authorization", "Bearer nope");
  pb::RegisterDatasetRequest request;
  request.set_name("nope");
  pb::Dataset created;
  EXPECT_EQ(stub_->RegisterDataset(&wrong_bearer, request, &created).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Nothing was created.
  ASSERT_TRUE(stub_->ListDatasets(Authed().get(), {}, &listed).ok());
  EXPECT_EQ(listed.datasets_size(), 0);
}

TEST_F(GrpcCatalogE2eTest, BadRequestsMapToTheirCodes) {
  pb::Dataset created = RegisterSales();
  pb::GetDatasetRequest get;
  get.set_name("missing");
  pb::Dataset got;
  EXPECT_EQ(stub_->GetDataset(Authed().get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  pb::RegisterDatasetRequest again;
  again.set_name("sales");
  EXPECT_EQ(stub_->RegisterDataset(Authed().get(), again, &got).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // A key outside the dataset's prefix, and an object that does not exist.
  pb::CommitVersionRequest commit;
  commit.set_name("sales");
  commit.set_expected_version(1);
  commit.set_operation(pb::VERSION_OPERATION_APPEND);
  commit.add_files_added()->set_key("raw/elsewhere.parquet");
  pb::DatasetVersion version;
  EXPECT_EQ(stub_->CommitVersion(Authed().get(), commit, &version).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  commit.clear_files_added();
  commit.add_files_added()->set_key("datasets/" + created.id() + "/nothing.parquet");
  EXPECT_EQ(stub_->CommitVersion(Authed().get(), commit, &version).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A file whose columns are not the dataset's.
  commit.clear_files_added();
  commit.add_files_added()->set_key(
      UploadPart(created.id(), "odd", "SELECT 1::BIGINT AS id, 'x' AS note"));
  grpc::Status odd = stub_->CommitVersion(Authed().get(), commit, &version);
  EXPECT_EQ(odd.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << odd.error_message();

  pb::ListVersionsRequest versions_request;
  versions_request.set_name("sales");
  pb::ListVersionsResponse versions;
  ASSERT_TRUE(stub_->ListVersions(Authed().get(), versions_request, &versions).ok());
  EXPECT_EQ(versions.versions_size(), 1);  // none of the bad commits landed
}

}  // namespace
}  // namespace lakehouse::testing
