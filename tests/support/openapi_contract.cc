#include "tests/support/openapi_contract.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>

#include "tests/support/json_schema_check.h"

namespace lakehouse::testing {
namespace {

std::optional<HttpMethod> MethodFromLower(const std::string& name) {
  for (HttpMethod m : {HttpMethod::kGet, HttpMethod::kPost, HttpMethod::kPut, HttpMethod::kPatch,
                       HttpMethod::kDelete}) {
    std::string text(HttpMethodName(m));
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == name) return m;
  }
  return std::nullopt;
}

// The response's media type without parameters ("text/csv; charset=utf-8" → "text/csv").
std::string MediaType(const ClientResponse& response) {
  std::string type = response.Header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

std::mutex record_mu;

}  // namespace

Status OpenApiContract::Load() {
  if (loaded_) return load_status_;
  loaded_ = true;
  Result<Json> document = fetch_();
  if (!document.ok()) return load_status_ = document.status();
  document_ = std::move(document).value();
  for (const auto& [path, item] : document_["paths"].items()) {
    for (const auto& [method_name, op] : item.items()) {
      std::optional<HttpMethod> method = MethodFromLower(method_name);
      if (!method) continue;
      Result<PathPattern> pattern = PathPattern::Parse(op.value("x-path-pattern", path));
      if (!pattern.ok()) return load_status_ = pattern.status();
      operations_.push_back({*method, std::move(pattern).value(), &op});
    }
  }
  return load_status_ = Status::Ok();
}

const OpenApiContract::Operation* OpenApiContract::Find(HttpMethod method,
                                                        std::string_view path) const {
  const Operation* best = nullptr;
  std::map<std::string, std::string> params;
  for (const Operation& op : operations_) {
    if (op.method != method || !op.pattern.Match(path, &params)) continue;
    if (best == nullptr || op.pattern.Specificity() > best->pattern.Specificity()) best = &op;
  }
  return best;
}

std::vector<std::string> OpenApiContract::Check(HttpMethod method, const std::string& raw_path,
                                                const ClientResponse& response) {
  if (method == HttpMethod::kOptions) return {};
  {
    std::lock_guard<std::mutex> lock(mu_);
    Status loaded = Load();
    if (!loaded.ok()) return {"cannot load /openapi.json: " + loaded.ToString()};
  }
  const bool head = method == HttpMethod::kHead;
  const std::string path = raw_path.substr(0, raw_path.find('?'));
  const std::string what =
      std::string(HttpMethodName(method)) + " " + path + " → " + std::to_string(response.status);
  const Operation* op = Find(head ? HttpMethod::kGet : method, path);
  Record(method, op, response);
  const Json& document = document_;  // read-only from here on: clients on several threads
  const Json* spec = nullptr;
  if (op != nullptr) {
    const Json& responses = op->spec->at("responses");
    if (auto it = responses.find(std::to_string(response.status)); it != responses.end()) {
      spec = &*it;
    } else if (auto fallback = responses.find("default");
               response.status >= 400 && fallback != responses.end()) {
      spec = &*fallback;
    } else {
      return {what + ": status not documented for operation " +
              op->spec->value("operationId", "?")};
    }
  } else if (response.status >= 400) {
    // No route (404, 405) or refused before routing (403 Host check, ...): the shared error.
    spec = &document.at(Json::json_pointer("/components/responses/Error"));
  } else {
    return {what + ": no route in /openapi.json matches this request"};
  }
  if (auto ref = spec->find("$ref"); ref != spec->end()) {
    spec = &document.at(Json::json_pointer(ref->get<std::string>().substr(1)));
  }
  auto content = spec->find("content");
  if (content == spec->end() || head || response.body.empty()) return {};
  const std::string type = MediaType(response);
  auto media = content->find(type);
  if (media == content->end()) {
    return {what + ": Content-Type " + (type.empty() ? "(none)" : type) +
            " is not documented for this status"};
  }
  auto schema = media->find("schema");
  if (schema == media->end() || type != "application/json") return {};
  Result<Json> body = ParseJson(response.body);
  if (!body.ok()) return {what + ": body is not JSON: " + body.status().message()};
  std::vector<std::string> errors = CheckJsonSchema(*schema, *body, document);
  for (std::string& e : errors) e = what + ": " + e;
  return errors;
}

void OpenApiContract::Record(HttpMethod method, const Operation* op,
                             const ClientResponse& response) {
  const char* file = std::getenv("LAKEHOUSE_TEST_RECORD_RESPONSES");
  if (file == nullptr || *file == '\0') return;
  Json line = {{"method", std::string(HttpMethodName(method))},
               {"operation", op ? op->spec->value("operationId", "") : ""},
               {"status", response.status},
               {"content_type", response.Header("Content-Type").value_or("")}};
  if (MediaType(response) == "application/json") {
    Result<Json> body = ParseJson(response.body);
    if (body.ok()) line["body"] = *body;
  }
  std::lock_guard<std::mutex> lock(record_mu);
  std::ofstream(file, std::ios::app) << line.dump() << "\n";
}

ResponseObserver FailTestOnContractBreach(std::shared_ptr<OpenApiContract> contract) {
  return [contract](HttpMethod method, const std::string& path, const ClientResponse& response) {
    for (const std::string& error : contract->Check(method, path, response)) {
      ADD_FAILURE() << "response breaks /openapi.json: " << error;
    }
  };
}

}  // namespace lakehouse::testing
