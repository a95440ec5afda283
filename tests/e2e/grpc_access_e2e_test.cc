// The catalog over gRPC under restricted keys (issue 24: "with the same keys and policy"), against
// the real binary: for keys of the built-in analyst role and of custom roles, every gRPC answer is
// the one HTTP gives the same key — the same datasets listed, the same columns in a manifest (a
// column the clearance denies, here an SSN column, is in neither; a masked one is in both), the
// same lineage parents, NOT_FOUND / 404 for a dataset no grant matches, PERMISSION_DENIED / 403
// for a write the grants do not allow (registering needs admin on the dataset, committing needs
// write), and nothing written by a refused call.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "lakehouse/catalog/v1/catalog.grpc.pb.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_test.h"

namespace lakehouse::testing {
namespace {

namespace pb = ::lakehouse::catalog::v1;

constexpr char kAdminKey[] = "grpc-access-admin-key";

class GrpcAccessE2eTest : public ServerTest {
 protected:
  ServerProcessOptions ServerOptions() override {
    return {.env = {{"LAKEHOUSE_GRPC_PORT", "0"}}, .api_key = kAdminKey};
  }

  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_GT(server_->grpc_port(), 0) << server_->Log();
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
    stub_ = pb::CatalogService::NewStub(
        grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(server_->grpc_port()),
                                  grpc::InsecureChannelCredentials(), args));
    // Detected PII: email (masked for an analyst), ssn (denied: not in the analyst's manifest).
    Ingest("people",
           "id,email,ssn,city\n1,ann.smith@example.com,123-45-6789,Oslo\n"
           "2,bob.jones@example.com,234-56-7890,Rome\n3,cy.lee@example.com,345-67-8901,Pisa\n");
    Ingest("sales", "id,total\n1,10\n2,20\n");
    auto report = c().PostJson(
        "/catalog/datasets",
        {{"name", "report"},
         {"columns", {{{"name", "total"}, {"type", "BIGINT"}}}},
         {"lineage", {{"source_system", "lakehouse"}, {"parent_datasets", {"people", "sales"}}}}});
    ASSERT_EQ(report->status, 201) << report->body;
    Role("sales-writer", {{{"target", "sales"}, {"permission", "write"}}});
    Role("sales-reader", {{{"target", "sales"}, {"permission", "read"}},
                          {{"target", "report"}, {"permission", "read"}}});
    Role("everything-writer", {{{"target", "*"}, {"permission", "write"}}});
  }

  void Ingest(const std::string& name, const std::string& csv) {
    auto r = c().PostMultipart("/ingest/file", {{"dataset", name, "", "", ""},
                                                {"file", csv, name + ".csv", "text/csv", ""}});
    ASSERT_EQ(r->status, 200) << r->body;
  }
  void Role(const std::string& name, const Json& grants) {
    auto r = c().PostJson("/access/roles", {{"name", name}, {"grants", grants}});
    ASSERT_EQ(r->status, 201) << r->body;
  }
  // A new key for `principal` holding `roles`.
  std::string Key(const std::string& principal, const std::vector<std::string>& roles) {
    auto r = c().PostJson("/access/keys", {{"principal", principal}, {"roles", roles}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r).value("key", "");
  }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& key) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("x-api-key", key);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  // A dataset's column names and lineage parents, from HTTP JSON and from the proto.
  struct Seen {
    std::vector<std::string> columns;
    std::vector<std::string> parents;
    bool operator==(const Seen&) const = default;
    friend void PrintTo(const Seen& seen, std::ostream* out) {
      *out << "columns " << ::testing::PrintToString(seen.columns) << ", parents "
           << ::testing::PrintToString(seen.parents);
    }
  };
  static Seen FromJson(const Json& d) {
    Seen seen;
    for (const Json& c : d.value("columns", Json::array())) {
      seen.columns.push_back(c.value("name", ""));
    }
    const Json lineage = d.value("lineage", Json::object());
    for (const Json& p : lineage.value("parent_datasets", Json::array())) {
      seen.parents.push_back(p.get<std::string>());
    }
    return seen;
  }
  static Seen FromProto(const pb::Dataset& d) {
    Seen seen;
    for (const pb::Column& c : d.columns()) seen.columns.push_back(c.name());
    for (const std::string& p : d.lineage().parent_datasets()) seen.parents.push_back(p);
    return seen;
  }

  // Checks that `key` sees the same catalog over both APIs, and returns it (name → seen).
  std::map<std::string, Seen> SameCatalogOverBoth(const std::string& key) {
    auto http = server_->ClientWithKey(key);
    auto listed = http->Get("/catalog/datasets");
    EXPECT_EQ(listed->status, 200) << listed->body;
    const Json listing = Body(listed);
    std::map<std::string, Seen> over_http;
    for (const Json& d : listing["datasets"]) over_http[d.value("name", "")] = FromJson(d);

    pb::ListDatasetsResponse response;
    grpc::Status status = stub_->ListDatasets(As(key).get(), {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::map<std::string, Seen> over_grpc;
    for (const pb::Dataset& d : response.datasets()) over_grpc[d.name()] = FromProto(d);
    EXPECT_EQ(over_grpc, over_http) << "ListDatasets vs GET /catalog/datasets";

    for (const char* name : {"people", "sales", "report"}) {
      auto got = http->Get(std::string("/catalog/datasets/by-name/") + name);
      pb::GetDatasetRequest request;
      request.set_name(name);
      pb::Dataset dataset;
      grpc::Status get = stub_->GetDataset(As(key).get(), request, &dataset);
      if (over_http.contains(name)) {
        EXPECT_EQ(got->status, 200) << got->body;
        EXPECT_TRUE(get.ok()) << name << ": " << get.error_message();
        EXPECT_EQ(FromProto(dataset), FromJson(Body(got))) << name;
      } else {
        EXPECT_EQ(got->status, 404) << name;
        EXPECT_EQ(get.error_code(), grpc::StatusCode::NOT_FOUND) << name;
      }
      auto versions = http->Get(std::string("/catalog/datasets/by-name/") + name + "/versions");
      pb::ListVersionsRequest versions_request;
      versions_request.set_name(name);
      pb::ListVersionsResponse versions_response;
      grpc::Status listed_versions =
          stub_->ListVersions(As(key).get(), versions_request, &versions_response);
      EXPECT_EQ(listed_versions.error_code(),
                versions->status == 200 ? grpc::StatusCode::OK : grpc::StatusCode::NOT_FOUND)
          << name << ": HTTP " << versions->status;
    }
    return over_grpc;
  }

  // Parquet a writer put under the dataset's prefix, and a commit of it after `version`.
  pb::CommitVersionRequest SalesCommit(const std::string& part, int64_t version) {
    pb::GetDatasetRequest get;
    get.set_name("sales");
    pb::Dataset sales;
    EXPECT_TRUE(stub_->GetDataset(As(kAdminKey).get(), get, &sales).ok());
    const std::string key = "datasets/" + sales.id() + "/" + part + ".parquet";
    const std::string path = server_->data_dir() + "/buckets/primary/" + key;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    WriteParquet(path, "SELECT 9::BIGINT AS id, 90::BIGINT AS total");
    pb::CommitVersionRequest commit;
    commit.set_name("sales");
    commit.set_expected_version(version);
    commit.set_operation(pb::VERSION_OPERATION_APPEND);
    commit.add_files_added()->set_key(key);
    return commit;
  }

  int64_t SalesVersion() {
    return Body(c().Get("/catalog/datasets/by-name/sales")).value("current_version", int64_t{0});
  }

  std::unique_ptr<pb::CatalogService::Stub> stub_;
};

TEST_F(GrpcAccessE2eTest, AnAnalystSeesTheSameManifestsWithoutTheDeniedColumn) {
  std::map<std::string, Seen> seen = SameCatalogOverBoth(Key("ann", {"analyst"}));
  ASSERT_TRUE(seen.contains("people"));
  const std::vector<std::string>& columns = seen["people"].columns;
  EXPECT_EQ(std::count(columns.begin(), columns.end(), "ssn"), 0) << "denied: left out";
  EXPECT_EQ(std::count(columns.begin(), columns.end(), "email"), 1) << "masked: still listed";
  // The admin sees the SSN column over gRPC: it is the policy that hides it, not the API.
  pb::GetDatasetRequest request;
  request.set_name("people");
  pb::Dataset people;
  ASSERT_TRUE(stub_->GetDataset(As(kAdminKey).get(), request, &people).ok());
  EXPECT_EQ(FromProto(people).columns.size(), columns.size() + 1);
}

TEST_F(GrpcAccessE2eTest, ADatasetNoGrantMatchesIsNotFoundAndUnlistedOverBoth) {
  std::map<std::string, Seen> seen = SameCatalogOverBoth(Key("sam", {"agent", "sales-reader"}));
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen.contains("people"));
  // The report's lineage names only the parent this key may see.
  EXPECT_EQ(seen["report"].parents, std::vector<std::string>{"sales"});
}

TEST_F(GrpcAccessE2eTest, WritesTheGrantsDoNotAllowAreDeniedOverBothAndChangeNothing) {
  const std::string reader = Key("sam", {"agent", "sales-reader"});
  const std::string writer = Key("wes", {"agent", "sales-writer"});
  const std::string broad = Key("bea", {"agent", "everything-writer"});
  const int64_t before = SalesVersion();

  // Commit: a reader of the dataset is PERMISSION_DENIED (HTTP: an append by the same key, 403).
  pb::DatasetVersion version;
  grpc::Status denied =
      stub_->CommitVersion(As(reader).get(), SalesCommit("by-reader", before), &version);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << denied.error_message();
  auto append = server_->ClientWithKey(reader)->PostMultipart(
      "/ingest/file",
      {{"dataset", "sales", "", "", ""}, {"file", "id,total\n5,50\n", "more.csv", "text/csv", ""}});
  EXPECT_EQ(append->status, 403) << append->body;
  EXPECT_EQ(SalesVersion(), before);

  // A dataset no grant matches: NOT_FOUND, as the HTTP write answers 404.
  pb::CommitVersionRequest on_people = SalesCommit("elsewhere", before);
  on_people.set_name("people");
  grpc::Status hidden = stub_->CommitVersion(As(writer).get(), on_people, &version);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND) << hidden.error_message();
  auto hidden_http = server_->ClientWithKey(writer)->PostMultipart(
      "/ingest/file",
      {{"dataset", "people", "", "", ""}, {"file", "id\n9\n", "p.csv", "text/csv", ""}});
  EXPECT_EQ(hidden_http->status, 404) << hidden_http->body;

  // Registering needs admin on the new dataset: write on "*" is not enough over either API.
  pb::RegisterDatasetRequest create;
  create.set_name("new_one");
  pb::ColumnSpec* column = create.add_columns();
  column->set_name("id");
  column->set_type("BIGINT");
  pb::Dataset created;
  grpc::Status refused = stub_->RegisterDataset(As(broad).get(), create, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refused.error_message();
  auto refused_http = server_->ClientWithKey(broad)->PostJson(
      "/catalog/datasets",
      {{"name", "new_one"}, {"columns", {{{"name", "id"}, {"type", "BIGINT"}}}}});
  EXPECT_EQ(refused_http->status, 403) << refused_http->body;
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/new_one")->status, 404);

  // What the grants allow goes through: the writer commits to its dataset.
  grpc::Status allowed =
      stub_->CommitVersion(As(writer).get(), SalesCommit("by-writer", before), &version);
  ASSERT_TRUE(allowed.ok()) << allowed.error_message() << "\n" << server_->Log();
  EXPECT_EQ(version.version(), before + 1);
  EXPECT_EQ(SalesVersion(), before + 1);
}

}  // namespace
}  // namespace lakehouse::testing
