// Our own HTTP request/response types. Handlers and the api/ layer see only these; cpp-httplib
// stays inside http_server.cc and http_client.cc.
//
// Thread-safety: plain values; a request is handled by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

class AccessPolicy;  // access/access_policy.h
struct AuditRecord;  // audit/audit_record.h

enum class HttpMethod { kGet, kPost, kPut, kPatch, kDelete, kOptions, kHead };

std::string_view HttpMethodName(HttpMethod m);  // "GET"
std::optional<HttpMethod> ParseHttpMethod(std::string_view name);

// Header names compare case-insensitively.
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using HttpHeaders = std::map<std::string, std::string, CaseInsensitiveLess>;

// One part's headers in a multipart/form-data body.
struct MultipartPartHeader {
  std::string name;
  std::string filename;  // empty for plain fields
  std::string content_type;
};

// Receives body bytes as they arrive; return false to abort reading.
using BodyChunkSink = std::function<bool(std::string_view chunk)>;

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string path;                                // decoded path, no query string
  std::map<std::string, std::string> path_params;  // from the route pattern
  std::multimap<std::string, std::string> query;   // decoded query parameters
  HttpHeaders headers;
  std::string body;  // whole body, unless the route streams it (see ReadBody)
  std::string request_id;
  std::string remote_addr;
  // Who is asking and what they may see (access/access_policy.h), set by authentication before
  // the handler runs. Read it through PolicyOf (api/request_policy.h).
  std::shared_ptr<const AccessPolicy> policy;
  // What the audit log keeps of this request (audit/audit_record.h), set by the route wrapper
  // before the handler runs; handlers add datasets, SQL and search results through AuditOf
  // (api/request_audit.h). Null when the request is not audited (in-process tests).
  std::shared_ptr<AuditRecord> audit;

  // For routes registered with streaming bodies: pull the body chunk by chunk, or part by part
  // for multipart/form-data (on_part is called before each part's chunks). Unset otherwise.
  std::function<Status(const BodyChunkSink&)> read_body;
  std::function<Status(const std::function<bool(const MultipartPartHeader&)>& on_part,
                       const BodyChunkSink& on_chunk)>
      read_multipart;

  // True once the client has closed its connection (see client_probe.h); callable from another
  // thread while the handler runs, e.g. to interrupt a query nobody waits for. Unset in
  // in-process tests (treat as "still there").
  std::function<bool()> client_gone;

  std::optional<std::string> Header(const std::string& name) const;
  std::optional<std::string> QueryParam(const std::string& name) const;
  const std::string& PathParam(const std::string& name) const;  // "" when absent
  // Parses the body as JSON (at most kMaxRequestJsonDepth deep); empty body → INVALID_ARGUMENT.
  Result<Json> JsonBody() const;
};

// Writes a streamed response: call `write` for each chunk; return false from `write` means the
// client went away. Return a non-OK Status to abort the stream.
using StreamWriter = std::function<Status(const std::function<bool(std::string_view)>& write)>;

struct HttpResponse;
// Answers a deferred response (HttpResponse::deferred). Call it once, from any thread; calls
// after the first, after the client went away or after the server stopped do nothing.
using ResponseCompleter = std::function<void(Result<HttpResponse>)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  HttpHeaders headers;
  StreamWriter stream;  // when set, the body is produced chunk by chunk (chunked encoding)
  // When set, the answer comes later (e.g. ?wait=true on a background job): once the handler
  // has returned, the server calls `deferred` with a completer and frees the worker; the
  // connection stays suspended, holding no thread, until the completer is called (the other
  // fields of this response are ignored). A client that disconnects meanwhile is noticed and
  // its request ended; its late answer is dropped.
  std::function<void(ResponseCompleter)> deferred;

  static HttpResponse JsonBody(const Json& value, int status = 200);
  static HttpResponse Text(std::string text, std::string content_type = "text/plain",
                           int status = 200);
  static HttpResponse NoContent();
  static HttpResponse Deferred(std::function<void(ResponseCompleter)> start);
};

}  // namespace lakehouse
