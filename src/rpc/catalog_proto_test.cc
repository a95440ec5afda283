#include "rpc/catalog_proto.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(CatalogProtoTest, ADatasetConvertsFieldByField) {
  Dataset d;
  d.id = "0b4c9a54-5b5e-4c52-8d0c-0e5c6c1b2a11";
  d.name = "people";
  d.declared_sensitivity = Sensitivity::kInternal;
  d.tags = {"hr"};
  Column email{"email", "VARCHAR", true, "work address", PiiTag{PiiKind::kEmail, 0.9}, {}};
  d.columns = {email};
  d.last_ingest_at = 42;
  d.row_count = 7;
  d.primary_key = std::vector<std::string>{"email"};
  d.current_version = 3;
  pb::Dataset out;
  ToProto(d, &out);
  EXPECT_EQ(out.name(), "people");
  EXPECT_EQ(out.declared_sensitivity(), pb::SENSITIVITY_INTERNAL);
  EXPECT_EQ(out.effective_sensitivity(), ToProto(d.EffectiveSensitivity()));
  ASSERT_EQ(out.columns_size(), 1);
  EXPECT_EQ(out.columns(0).pii().kind(), "email");
  EXPECT_DOUBLE_EQ(out.columns(0).pii().confidence(), 0.9);
  EXPECT_EQ(out.columns(0).sensitivity_override(), pb::SENSITIVITY_UNSPECIFIED);
  EXPECT_TRUE(out.has_last_ingest_at_micros());
  EXPECT_EQ(out.last_ingest_at_micros(), 42);
  EXPECT_EQ(out.row_count(), 7);
  EXPECT_EQ(out.primary_key(0), "email");
  EXPECT_EQ(out.current_version(), 3);
}

TEST(CatalogProtoTest, AVersionsDetailBecomesAStruct) {
  DatasetVersion v;
  v.version = 2;
  v.operation = VersionOperation::kAppend;
  v.detail = Json::parse(R"({"files":[{"name":"a.csv","rows":3}],"note":null})");
  pb::DatasetVersion out;
  ToProto(v, &out);
  EXPECT_EQ(out.operation(), pb::VERSION_OPERATION_APPEND);
  const auto& files = out.detail().fields().at("files").list_value();
  ASSERT_EQ(files.values_size(), 1);
  EXPECT_EQ(files.values(0).struct_value().fields().at("name").string_value(), "a.csv");
  EXPECT_EQ(files.values(0).struct_value().fields().at("rows").number_value(), 3);
  EXPECT_TRUE(out.detail().fields().at("note").has_null_value());
}

TEST(CatalogProtoTest, ARegisterRequestIsCheckedLikeTheHttpOne) {
  pb::RegisterDatasetRequest request;
  request.set_name("Sales");
  request.add_tags("  Finance ");
  request.mutable_lineage()->set_source_uri("postgres://bob:secret@db/sales");
  auto* column = request.add_columns();
  column->set_name("id");
  column->set_type("BIGINT");
  Result<RegisterRequest> parsed = FromProto(request);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->create.tags, std::vector<std::string>{"finance"});
  EXPECT_EQ(parsed->create.lineage.source_uri.find("secret"), std::string::npos);
  EXPECT_EQ(parsed->create.sensitivity, Sensitivity::kInternal);
  EXPECT_EQ(parsed->create.actor, "grpc");

  request.set_name("select");  // a SQL keyword
  EXPECT_EQ(FromProto(request).status().code(), StatusCode::kInvalidArgument);
}

TEST(CatalogProtoTest, ACommitNeedsItsExpectedVersionAndOperation) {
  pb::CommitVersionRequest request;
  request.set_name("sales");
  EXPECT_EQ(FromProto(request).status().code(), StatusCode::kInvalidArgument);
  request.set_expected_version(2);
  EXPECT_EQ(FromProto(request).status().code(), StatusCode::kInvalidArgument);  // no operation
  request.set_operation(pb::VERSION_OPERATION_APPEND);
  request.add_files_added()->set_key("datasets/x/a.parquet");
  Result<FileCommitRequest> parsed = FromProto(request);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->expected_version, 2);
  EXPECT_EQ(parsed->operation, VersionOperation::kAppend);
  EXPECT_EQ(parsed->files_added[0].second, "datasets/x/a.parquet");
}

}  // namespace
}  // namespace lakehouse
