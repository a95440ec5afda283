#include "http/openapi.h"

#include <cctype>

namespace lakehouse {
namespace {

std::string LowerMethod(HttpMethod m) {
  std::string s(HttpMethodName(m));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Json ErrorSchema() {
  return Json{{"type", "object"},
              {"properties",
               {{"error",
                 {{"type", "object"},
                  {"properties",
                   {{"code", {{"type", "string"}}},
                    {"message", {{"type", "string"}}},
                    {"request_id", {{"type", "string"}}}}}}}}}};
}

}  // namespace

Json BuildOpenApi(const RouteTable& routes, const std::string& version) {
  Json paths = Json::object();
  for (const Route& r : routes.routes()) {
    Json params = Json::array();
    for (const std::string& name : r.pattern.ParamNames()) {
      params.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    Json op = {
        {"operationId", r.spec.operation_id},
        {"summary", r.spec.summary},
        {"tags", Json::array({r.spec.tag})},
        {"responses",
         {{std::to_string(r.spec.success_status), {{"description", "success"}}},
          {"default",
           {{"description", "error"},
            {"content",
             {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}},
    };
    if (!params.empty()) op["parameters"] = params;
    if (!r.spec.public_route) op["security"] = Json::array({{{"apiKey", Json::array()}}});
    paths[r.pattern.OpenApiPath()][LowerMethod(r.spec.method)] = std::move(op);
  }
  return Json{
      {"openapi", "3.0.3"},
      {"info", {{"title", "Lakehouse API"}, {"version", version}}},
      {"paths", paths},
      {"components",
       {{"schemas", {{"Error", ErrorSchema()}}},
        {"securitySchemes",
         {{"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}}}},
  };
}

}  // namespace lakehouse
