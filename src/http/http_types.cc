#include "http/http_types.h"

#include <strings.h>

namespace lakehouse {

std::string_view HttpMethodName(HttpMethod m) {
  switch (m) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kDelete:
      return "DELETE";
    case HttpMethod::kOptions:
      return "OPTIONS";
    case HttpMethod::kHead:
      return "HEAD";
  }
  return "GET";
}

std::optional<HttpMethod> ParseHttpMethod(std::string_view name) {
  for (HttpMethod m : {HttpMethod::kGet, HttpMethod::kPost, HttpMethod::kPut, HttpMethod::kPatch,
                       HttpMethod::kDelete, HttpMethod::kOptions, HttpMethod::kHead}) {
    if (HttpMethodName(m) == name) return m;
  }
  return std::nullopt;
}

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::optional<std::string> HttpRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> HttpRequest::QueryParam(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

const std::string& HttpRequest::PathParam(const std::string& name) const {
  static const std::string kEmpty;
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

Result<Json> HttpRequest::JsonBody() const {
  if (body.empty()) return InvalidArgument("request body must be a JSON document");
  return ParseJson(body, kMaxRequestJsonDepth);
}

HttpResponse HttpResponse::JsonBody(const Json& value, int status) {
  HttpResponse r;
  r.status = status;
  r.body = DumpJson(value);
  return r;
}

HttpResponse HttpResponse::Text(std::string text, std::string content_type, int status) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(text);
  return r;
}

HttpResponse HttpResponse::Deferred(std::function<void(ResponseCompleter)> start) {
  HttpResponse r;
  r.deferred = std::move(start);
  return r;
}

HttpResponse HttpResponse::NoContent() {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace lakehouse
