#include "http/openapi.h"

#include <gtest/gtest.h>

#include "http/json_schema.h"

namespace lakehouse {
namespace {

HttpHandler Ok() {
  return [](HttpRequest&) -> Result<HttpResponse> { return HttpResponse::NoContent(); };
}

RouteTable Table() {
  RouteTable t;
  RouteSpec put{HttpMethod::kPut, "/b/{bucket}/objects/{key...}", "putObject", "Write", "storage"};
  put.success_status = 201;
  EXPECT_TRUE(
      t.Add(put,
            RouteContract()
                .Body(nullptr, "application/octet-stream")
                .Query("wait", schema::Boolean(), "block")
                .Returns(201, "written", schema::Object({schema::Req("key", schema::String())})),
            Ok())
          .ok());
  EXPECT_TRUE(t.Add({HttpMethod::kPost, "/q", "runSql", "Run", "query"},
                    RouteContract()
                        .Body(schema::Closed({schema::Req("sql", schema::String())}))
                        .Returns(200, "rows", schema::Object({}))
                        .Returns(200, "csv", nullptr, "text/csv"),
                    Ok())
                  .ok());
  return t;
}

TEST(OpenApiTest, Version31WithSchemasFromTheContracts) {
  RouteTable t = Table();
  Json doc = BuildOpenApi(t, "1.2.3");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const Json& put = doc["paths"]["/b/{bucket}/objects/{key}"]["put"];
  EXPECT_EQ(put["x-path-pattern"], "/b/{bucket}/objects/{key...}");
  EXPECT_EQ(put["responses"]["201"]["content"]["application/json"]["schema"]["required"][0], "key");
  EXPECT_EQ(put["responses"]["default"]["$ref"], "#/components/responses/Error");
  EXPECT_TRUE(put["requestBody"]["content"].contains("application/octet-stream"));
  ASSERT_EQ(put["parameters"].size(), 3u);  // bucket, key, wait
  EXPECT_EQ(put["parameters"][2]["in"], "query");
  const Json& sql = doc["paths"]["/q"]["post"];
  EXPECT_EQ(sql["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"],
            false);
  EXPECT_TRUE(sql["responses"]["200"]["content"].contains("application/json"));
  EXPECT_TRUE(sql["responses"]["200"]["content"].contains("text/csv"));
  const Json& error = doc["components"]["schemas"]["Error"];
  EXPECT_EQ(error["required"][0], "error");
  EXPECT_EQ(error["properties"]["error"]["required"].size(), 3u);
}

TEST(OpenApiTest, ReferencePageIsPlainHtml) {
  RouteTable t = Table();
  std::string html = RenderApiReference(BuildOpenApi(t, "1.2.3"));
  EXPECT_NE(html.find("<h2 id=\"tag-storage\">storage</h2>"), std::string::npos);
  EXPECT_NE(html.find("PUT /b/{bucket}/objects/{key}"), std::string::npos);
  EXPECT_NE(html.find("runSql"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);  // nothing fetched from elsewhere
}

}  // namespace
}  // namespace lakehouse
