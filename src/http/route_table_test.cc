#include "http/route_table.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

HttpHandler Ok() {
  return [](HttpRequest&) -> Result<HttpResponse> { return HttpResponse::NoContent(); };
}

TEST(RouteTableTest, FindsByMethodAndPath) {
  RouteTable t;
  ASSERT_TRUE(t.Add({HttpMethod::kGet, "/catalog/datasets", "listDatasets"}, Ok()).ok());
  ASSERT_TRUE(t.Add({HttpMethod::kPost, "/catalog/datasets", "createDataset"}, Ok()).ok());
  ASSERT_TRUE(
      t.Add({HttpMethod::kGet, "/catalog/datasets/by-name/{name}", "getDataset"}, Ok()).ok());

  auto m = t.Find(HttpMethod::kPost, "/catalog/datasets");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->spec.operation_id, "createDataset");

  m = t.Find(HttpMethod::kGet, "/catalog/datasets/by-name/x");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("name"), "x");

  m = t.Find(HttpMethod::kDelete, "/catalog/datasets");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods.size(), 2u);

  m = t.Find(HttpMethod::kGet, "/nope");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
}

TEST(RouteTableTest, LiteralBeatsParameter) {
  RouteTable t;
  ASSERT_TRUE(t.Add({HttpMethod::kGet, "/jobs/{id}", "getJob"}, Ok()).ok());
  ASSERT_TRUE(t.Add({HttpMethod::kGet, "/jobs/stats", "jobStats"}, Ok()).ok());
  EXPECT_EQ(t.Find(HttpMethod::kGet, "/jobs/stats").route->spec.operation_id, "jobStats");
  EXPECT_EQ(t.Find(HttpMethod::kGet, "/jobs/42").route->spec.operation_id, "getJob");
}

TEST(RouteTableTest, RejectsDuplicates) {
  RouteTable t;
  ASSERT_TRUE(t.Add({HttpMethod::kGet, "/a", "a"}, Ok()).ok());
  EXPECT_FALSE(t.Add({HttpMethod::kGet, "/a", "b"}, Ok()).ok());
  EXPECT_FALSE(t.Add({HttpMethod::kPost, "/a", "a"}, Ok()).ok());
  EXPECT_FALSE(t.Add({HttpMethod::kPost, "/b", ""}, Ok()).ok());
}

TEST(RouteTableTest, ContractMustDocumentTheSuccessStatus) {
  RouteTable t;
  RouteSpec created{HttpMethod::kPost, "/things", "createThing", "Create a thing", "things"};
  created.success_status = 201;
  EXPECT_FALSE(t.Add(created, RouteContract().Returns(200, "ok", Json::object()), Ok()).ok());
  ASSERT_TRUE(t.Add(created, RouteContract().Returns(201, "created", Json::object()), Ok()).ok());
  EXPECT_TRUE(t.CheckEveryRouteDocumented().ok());
  EXPECT_EQ(t.routes()[0].spec.contract.responses[0].status, 201);
}

TEST(RouteTableTest, ARouteWithoutContractIsReported) {
  RouteTable t;
  ASSERT_TRUE(t.Add({HttpMethod::kGet, "/a", "getA", "A", "a"},
                    RouteContract().Returns(200, "ok", Json::object()), Ok())
                  .ok());
  ASSERT_TRUE(t.Add({HttpMethod::kPost, "/ai/rerank", "rerank", "Rerank", "ai"}, Ok()).ok());
  Status s = t.CheckEveryRouteDocumented();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("POST /ai/rerank has no contract"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace lakehouse
