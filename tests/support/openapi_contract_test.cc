#include "tests/support/openapi_contract.h"

#include <gtest/gtest.h>

#include "tests/support/json_schema_check.h"

namespace lakehouse::testing {
namespace {

Json Document() {
  return ParseJson(R"({
    "openapi": "3.1.0",
    "paths": {
      "/objects/{bucket}/{key}": {"get": {"operationId": "getObject",
        "x-path-pattern": "/objects/{bucket}/{key...}",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
            {"type": "object", "required": ["size"], "properties": {
              "size": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}},
              "owner": {"type": ["string", "null"]}}}}}},
          "default": {"$ref": "#/components/responses/Error"}}}}
    },
    "components": {
      "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error":
          {"type": "object", "required": ["code", "message", "request_id"],
           "additionalProperties": false, "properties": {"code": {"type": "string"},
           "message": {"type": "string"}, "request_id": {"type": "string"}}}}}},
      "responses": {"Error": {"description": "error", "content": {"application/json":
          {"schema": {"$ref": "#/components/schemas/Error"}}}}}
    }})")
      .value();
}

ClientResponse Response(int status, std::string body) {
  ClientResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace("Content-Type", "application/json");
  return r;
}

TEST(OpenApiContractTest, AcceptsWhatTheDocumentSays) {
  OpenApiContract contract([] { return Result<Json>(Document()); });
  EXPECT_TRUE(contract
                  .Check(HttpMethod::kGet, "/objects/b/a/b/c.txt?x=1",
                         Response(200, R"({"size": 3, "tags": ["x"], "owner": null, "new": 1})"))
                  .empty());
  EXPECT_TRUE(contract
                  .Check(HttpMethod::kGet, "/objects/b/k",
                         Response(404, R"({"error":{"code":"NOT_FOUND","message":"m",)"
                                       R"("request_id":"r"}})"))
                  .empty());
  EXPECT_TRUE(contract
                  .Check(HttpMethod::kGet, "/nothing/here",
                         Response(404, R"({"error":{"code":"NOT_FOUND","message":"m",)"
                                       R"("request_id":"r"}})"))
                  .empty());
}

TEST(OpenApiContractTest, ReportsMismatchesUndocumentedRoutesAndStatuses) {
  OpenApiContract contract([] { return Result<Json>(Document()); });
  auto wrong_type =
      contract.Check(HttpMethod::kGet, "/objects/b/k", Response(200, R"({"size": "3"})"));
  ASSERT_EQ(wrong_type.size(), 1u);
  EXPECT_NE(wrong_type[0].find("/size: expected type \"integer\""), std::string::npos)
      << wrong_type[0];
  EXPECT_EQ(contract.Check(HttpMethod::kGet, "/objects/b/k", Response(200, "{}")).size(), 1u);
  auto route = contract.Check(HttpMethod::kPost, "/ai/rerank", Response(200, "{}"));
  ASSERT_EQ(route.size(), 1u);
  EXPECT_NE(route[0].find("no route"), std::string::npos);
  auto status = contract.Check(HttpMethod::kGet, "/objects/b/k", Response(202, "{}"));
  ASSERT_EQ(status.size(), 1u);
  EXPECT_NE(status[0].find("status not documented"), std::string::npos);
  auto error = contract.Check(HttpMethod::kGet, "/objects/b/k",
                              Response(500, R"({"error":{"code":"X","message":"m"}})"));
  ASSERT_EQ(error.size(), 1u);
  EXPECT_NE(error[0].find("request_id"), std::string::npos);
}

TEST(JsonSchemaCheckTest, Keywords) {
  Json root = Json::object();
  auto check = [&](const char* schema, const char* value) {
    return CheckJsonSchema(ParseJson(schema).value(), ParseJson(value).value(), root).size();
  };
  EXPECT_EQ(check(R"({"enum": ["a", "b"]})", R"("a")"), 0u);
  EXPECT_EQ(check(R"({"enum": ["a", "b"]})", R"("c")"), 1u);
  EXPECT_EQ(check(R"({"type": "integer"})", "2.0"), 0u);
  EXPECT_EQ(check(R"({"type": "integer"})", "2.5"), 1u);
  EXPECT_EQ(check(R"({"anyOf": [{"type": "string"}, {"type": "null"}]})", "null"), 0u);
  EXPECT_EQ(check(R"({"anyOf": [{"type": "string"}, {"type": "null"}]})", "1"), 1u);
  EXPECT_EQ(check(R"({"additionalProperties": {"type": "integer"}})", R"({"a": 1, "b": "x"})"), 1u);
  EXPECT_EQ(check(R"({"additionalProperties": false, "properties": {"a": {}}})", R"({"b": 1})"),
            1u);
  EXPECT_EQ(check(R"({"items": {"type": "number"}})", R"([1, 2.5, "x"])"), 1u);
}

}  // namespace
}  // namespace lakehouse::testing
