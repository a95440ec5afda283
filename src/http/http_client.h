// HttpClient: a small blocking HTTP/1.1 client for the CLI, tests and benchmarks (and, later, the
// embedder/generator providers). Wraps cpp-httplib's client so nothing else includes httplib.h.
//
// Thread-safety: externally synchronised; use one client per thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "http/http_types.h"

namespace lakehouse {

struct ClientResponse {
  int status = 0;
  std::string body;
  HttpHeaders headers;

  std::optional<std::string> Header(const std::string& name) const;
  Result<Json> JsonBody() const { return ParseJson(body); }
};

// Sees every response a client receives (the e2e tests check each against the OpenAPI document).
using ResponseObserver =
    std::function<void(HttpMethod method, const std::string& path, const ClientResponse& response)>;

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{300000};
  std::string api_key;           // sent as X-API-Key when non-empty
  ResponseObserver on_response;  // called on the calling thread after each response, when set
};

struct MultipartItem {
  std::string name;
  std::string content;
  std::string filename;      // empty for a plain field
  std::string content_type;  // empty → application/octet-stream for files
  // When set, the part's bytes are streamed from this local file instead of `content` (the
  // request then uses chunked transfer encoding).
  std::string file_path;
};

// Called while streamed file parts are sent: bytes sent so far and their total size.
using UploadProgress = std::function<void(int64_t sent, int64_t total)>;

class HttpClient {
 public:
  // base_url like "http://127.0.0.1:3100" (a trailing '/' is ignored). INVALID_ARGUMENT when it
  // is not an http(s) URL or has a path.
  static Result<std::unique_ptr<HttpClient>> Create(const std::string& base_url,
                                                    const HttpClientOptions& options = {});
  ~HttpClient();

  // Inside a traced operation (common/trace_context.h) every request carries its `traceparent`
  // unless `headers` set one. UNAVAILABLE when the server cannot be reached; UPSTREAM_ERROR when it
  // closed the connection before the request was fully sent (it rejected it early and its answer is
  // lost); any HTTP status is a successful Result. SIGPIPE must be ignored by the process (a write
  // to a closed socket would kill it instead).
  Result<ClientResponse> Send(HttpMethod method, const std::string& path,
                              const std::string& body = "",
                              const std::string& content_type = "application/json",
                              const HttpHeaders& headers = {});
  Result<ClientResponse> Get(const std::string& path, const HttpHeaders& headers = {}) {
    return Send(HttpMethod::kGet, path, "", "", headers);
  }
  Result<ClientResponse> PostJson(const std::string& path, const Json& body) {
    return Send(HttpMethod::kPost, path, DumpJson(body));
  }
  Result<ClientResponse> PostMultipart(const std::string& path,
                                       const std::vector<MultipartItem>& items,
                                       const HttpHeaders& headers = {},
                                       const UploadProgress& progress = nullptr);

  const std::string& base_url() const { return base_url_; }

 private:
  struct Impl;
  HttpClient(std::string base_url, std::unique_ptr<Impl> impl);
  Result<ClientResponse> Exchange(HttpMethod method, const std::string& path,
                                  const std::string& body, const std::string& content_type,
                                  const HttpHeaders& headers);
  Result<ClientResponse> Observed(HttpMethod method, const std::string& path,
                                  Result<ClientResponse> response);
  std::string base_url_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakehouse
