// ProviderClient: the one HTTP client discipline every model provider (Ollama, OpenAI-compatible)
// goes through, for embeddings and generation alike:
//   - a concurrency limit: at most `concurrency` requests in flight; further callers wait;
//   - a per-request timeout; a timed-out request fails with DEADLINE_EXCEEDED and is not retried;
//   - retries of transient failures (connection errors, 5xx, 429, 408) with exponential backoff
//     and jitter (RetryPolicy), honouring Retry-After; the permit is released while waiting;
//   - one error mapping: anything the provider did wrong (unreachable after retries, an HTTP error,
//     a body that is not JSON) is UPSTREAM_ERROR (HTTP 502) with the provider's own message
//     (Ollama's {"error":"..."} or OpenAI's {"error":{"message":"..."}}).
//
// Thread-safety: thread-safe; share one instance per provider so the limit is shared.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/result.h"
#include "embed/retry_policy.h"
#include "http/http_types.h"
#include "telemetry/span.h"

namespace lakehouse {

class HttpClient;

struct ProviderClientOptions {
  // For messages: "ollama", "openai".
  std::string provider_name;
  // "http(s)://host[:port][/path-prefix]"; request paths are appended to the prefix.
  std::string base_url;
  // Sent as "Authorization: Bearer <token>" when non-empty.
  std::string bearer_token;
  int32_t concurrency = 1;
  std::chrono::milliseconds request_timeout{60000};
  std::chrono::milliseconds connect_timeout{5000};
  RetryPolicy retry;
};

// Waits between attempts. Tests inject one that records the delays instead of sleeping.
using Sleeper = std::function<void(std::chrono::milliseconds)>;

class ProviderClient {
 public:
  // INVALID_ARGUMENT for a malformed base URL or a concurrency below 1. `clock` must outlive the
  // client; a null `sleeper` sleeps the calling thread.
  static Result<std::unique_ptr<ProviderClient>> Create(ProviderClientOptions options,
                                                        const Clock* clock,
                                                        Sleeper sleeper = nullptr);
  ~ProviderClient();

  // POSTs `body` to base path + `path` and returns the JSON of a 2xx answer, after the retries
  // described above. Traced as one client span ("provider.request": provider, path, attempts);
  // every attempt carries the caller's `traceparent`.
  Result<Json> PostJson(std::string_view path, const Json& body);

  const ProviderClientOptions& options() const { return options_; }
  int32_t concurrency() const { return options_.concurrency; }

 private:
  class Lease;
  ProviderClient(ProviderClientOptions options, std::string origin, std::string path_prefix,
                 const Clock* clock, Sleeper sleeper);

  std::unique_ptr<HttpClient> AcquireClient();
  void ReleaseClient(std::unique_ptr<HttpClient> client);
  std::chrono::milliseconds NextBackoff(int32_t retry);
  Result<Json> PostWithRetries(const std::string& full_path, const std::string& payload,
                               const HttpHeaders& headers, const std::string& where, Span& span);

  const ProviderClientOptions options_;
  const std::string origin_;       // "http://host:port"
  const std::string path_prefix_;  // "" or "/prefix" (no trailing slash)
  const Clock* clock_;
  const Sleeper sleeper_;

  std::mutex mu_;  // guards the members below
  std::condition_variable client_free_;
  std::vector<std::unique_ptr<HttpClient>> idle_clients_;
  int32_t clients_out_ = 0;
  std::mt19937_64 rng_;
};

// The human-readable message inside a provider's error body: Ollama's {"error":"..."}, OpenAI's
// {"error":{"message":"..."}}, else the start of the raw body.
std::string ProviderErrorMessage(std::string_view body);

}  // namespace lakehouse
