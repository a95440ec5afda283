// OpenApiContract: checks every response an end-to-end test receives against the server's own
// /openapi.json, so the document cannot drift from what the server answers. ServerProcess hooks
// it into every client it hands out (HttpClientOptions::on_response); a mismatch, a route the
// document does not list, or a status it does not document for the route fails the running test.
//
// Rules: the request path is matched against each operation's "x-path-pattern" (the route table's
// pattern); HEAD is checked as GET without a body, OPTIONS (CORS preflight) is not checked. A
// status listed under the operation's responses is checked against its JSON schema; an
// unlisted status of 400 or more against "default" (the shared Error component); any other status
// is undocumented. A request no route matches must be answered with the error shape and a status
// of 400 or more (404, 405, ...): a success there is a route missing from the document.
//
// Set LAKEHOUSE_TEST_RECORD_RESPONSES=<file> to append each response as a JSON line (method,
// operation, status, body) for writing schemas; checking still happens.
//
// Thread-safety: thread-safe (clients on several threads share one contract).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "http/http_client.h"
#include "http/path_pattern.h"

namespace lakehouse::testing {

class OpenApiContract {
 public:
  // `fetch` returns the document (GET /openapi.json); it is called once, on first use.
  explicit OpenApiContract(std::function<Result<Json>()> fetch) : fetch_(std::move(fetch)) {}

  // Every way the response breaks the document; empty when it conforms.
  std::vector<std::string> Check(HttpMethod method, const std::string& path,
                                 const ClientResponse& response);

 private:
  struct Operation {
    HttpMethod method;
    PathPattern pattern;
    const Json* spec;  // into document_
  };
  Status Load();  // under mu_
  const Operation* Find(HttpMethod method, std::string_view path) const;
  void Record(HttpMethod method, const Operation* op, const ClientResponse& response);

  std::function<Result<Json>()> fetch_;
  std::mutex mu_;
  bool loaded_ = false;  // guarded by mu_; document_ and operations_ are immutable once set
  Status load_status_;
  Json document_;
  std::vector<Operation> operations_;
};

// An observer for HttpClientOptions::on_response that fails the current test on a mismatch.
ResponseObserver FailTestOnContractBreach(std::shared_ptr<OpenApiContract> contract);

}  // namespace lakehouse::testing
