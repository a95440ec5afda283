#include "http/openapi.h"

#include <cctype>

#include "http/json_schema.h"

namespace lakehouse {
namespace {

std::string LowerMethod(HttpMethod m) {
  std::string s(HttpMethodName(m));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Json Content(const std::string& content_type, const Json& schema) {
  Json media = Json::object();
  if (!schema.is_null()) media["schema"] = schema;
  return Json{{content_type, media}};
}

Json Parameters(const Route& r) {
  Json params = Json::array();
  for (const std::string& name : r.pattern.ParamNames()) {
    params.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const QueryParamContract& q : r.spec.contract.query) {
    Json p = {{"name", q.name}, {"in", "query"}, {"required", q.required}, {"schema", q.schema}};
    if (!q.description.empty()) p["description"] = q.description;
    params.push_back(std::move(p));
  }
  return params;
}

Json Operation(const Route& r) {
  const RouteContract& contract = r.spec.contract;
  Json responses = Json::object();
  for (const ResponseContract& response : contract.responses) {
    // Several entries with one status are one response in several media types (runSql's exports).
    Json& out = responses[std::to_string(response.status)];
    if (!out.contains("description")) {
      out["description"] = response.description.empty() ? "success" : response.description;
    }
    if (!response.content_type.empty()) {
      if (!out.contains("content")) out["content"] = Json::object();
      out["content"].update(Content(response.content_type, response.schema));
    }
  }
  if (contract.responses.empty()) {
    responses[std::to_string(r.spec.success_status)] = {{"description", "success"}};
  }
  responses["default"] = {{"$ref", "#/components/responses/Error"}};
  Json op = {
      {"operationId", r.spec.operation_id}, {"summary", r.spec.summary},
      {"tags", Json::array({r.spec.tag})},  {"x-path-pattern", r.pattern.text()},
      {"responses", std::move(responses)},
  };
  if (Json params = Parameters(r); !params.empty()) op["parameters"] = std::move(params);
  if (!contract.request_body.is_null() || contract.request_content_type != "application/json") {
    op["requestBody"] = {
        {"required", true},
        {"content", Content(contract.request_content_type, contract.request_body)}};
  }
  if (!r.spec.public_route) op["security"] = Json::array({{{"apiKey", Json::array()}}});
  return op;
}

}  // namespace

Json ErrorBodySchema() {
  using namespace schema;
  Json error = Closed({Req("code", String("stable upper-case code, e.g. NOT_FOUND")),
                       Req("message", String("what went wrong, for a person")),
                       Req("request_id", String("the X-Request-Id of the request"))});
  Json body = Object(
      {Req("error", error), Opt("schema_diff", Object({}, "an incompatible schema change (409)")),
       Opt("position", Closed({Req("line", Integer("1-based")),
                               Req("column", Integer("1-based, in characters")),
                               Req("offset", Integer("characters before the position"))},
                              "where in the SQL text the statement's error is (400, 404)"))},
      "The one error shape; at most one detail member beside \"error\".");
  return body;
}

Json BuildOpenApi(const RouteTable& routes, const std::string& version) {
  Json paths = Json::object();
  for (const Route& r : routes.routes()) {
    paths[r.pattern.OpenApiPath()][LowerMethod(r.spec.method)] = Operation(r);
  }
  return Json{
      {"openapi", "3.1.0"},
      {"info", {{"title", "Lakehouse API"}, {"version", version}}},
      {"paths", paths},
      {"components",
       {{"schemas", {{"Error", ErrorBodySchema()}}},
        {"responses",
         {{"Error",
           {{"description", "error (any status of 400 or more)"},
            {"content",
             {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}},
        {"securitySchemes",
         {{"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}}}},
  };
}

}  // namespace lakehouse
