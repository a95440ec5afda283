#include "embed/provider_client.h"

#include <thread>

#include "http/http_client.h"
#include "telemetry/span.h"

namespace lakehouse {
namespace {

constexpr size_t kMaxQuotedBody = 300;

// Splits "http://host:port/prefix/" into ("http://host:port", "/prefix").
Result<std::pair<std::string, std::string>> SplitBaseUrl(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos ||
      (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0)) {
    return InvalidArgument("provider URL must start with http:// or https://, got '", url, "'");
  }
  const size_t path_start = url.find('/', scheme_end + 3);
  std::string origin = url.substr(0, path_start);
  std::string prefix = path_start == std::string::npos ? "" : url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (origin.size() <= scheme_end + 3)
    return InvalidArgument("provider URL '", url, "' has no host");
  return std::make_pair(std::move(origin), std::move(prefix));
}

}  // namespace

std::string ProviderErrorMessage(std::string_view body) {
  Result<Json> parsed = ParseJson(body);
  if (parsed.ok() && parsed->is_object() && parsed->contains("error")) {
    const Json& error = (*parsed)["error"];
    if (error.is_string()) return error.get<std::string>();
    if (error.is_object() && error.contains("message") && error["message"].is_string()) {
      return error["message"].get<std::string>();
    }
  }
  std::string raw(body.substr(0, kMaxQuotedBody));
  if (body.size() > kMaxQuotedBody) raw += "...";
  return raw.empty() ? "(empty body)" : raw;
}

// Checks an HttpClient out of the pool for one attempt and returns it on destruction.
class ProviderClient::Lease {
 public:
  explicit Lease(ProviderClient* owner) : owner_(owner), client_(owner->AcquireClient()) {}
  ~Lease() { owner_->ReleaseClient(std::move(client_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  HttpClient* operator->() const { return client_.get(); }

 private:
  ProviderClient* owner_;
  std::unique_ptr<HttpClient> client_;
};

ProviderClient::ProviderClient(ProviderClientOptions options, std::string origin,
                               std::string path_prefix, const Clock* clock, Sleeper sleeper)
    : options_(std::move(options)),
      origin_(std::move(origin)),
      path_prefix_(std::move(path_prefix)),
      clock_(clock),
      sleeper_(sleeper ? std::move(sleeper) : Sleeper([](std::chrono::milliseconds d) {
        std::this_thread::sleep_for(d);
      })),
      rng_(std::random_device{}()) {}

ProviderClient::~ProviderClient() = default;

Result<std::unique_ptr<ProviderClient>> ProviderClient::Create(ProviderClientOptions options,
                                                               const Clock* clock,
                                                               Sleeper sleeper) {
  if (options.concurrency < 1) {
    return InvalidArgument(options.provider_name, " concurrency must be at least 1");
  }
  LH_ASSIGN_OR_RETURN(auto split, SplitBaseUrl(options.base_url));
  // Validate the origin once, so attempts never fail on it.
  LH_RETURN_IF_ERROR(HttpClient::Create(split.first));
  return std::unique_ptr<ProviderClient>(
      new ProviderClient(std::move(options), std::move(split.first), std::move(split.second), clock,
                         std::move(sleeper)));
}

std::unique_ptr<HttpClient> ProviderClient::AcquireClient() {
  std::unique_lock lock(mu_);
  client_free_.wait(lock, [this] { return clients_out_ < options_.concurrency; });
  ++clients_out_;
  if (!idle_clients_.empty()) {
    std::unique_ptr<HttpClient> client = std::move(idle_clients_.back());
    idle_clients_.pop_back();
    return client;
  }
  lock.unlock();
  HttpClientOptions http;
  http.connect_timeout = options_.connect_timeout;
  http.read_timeout = options_.request_timeout;
  Result<std::unique_ptr<HttpClient>> created = HttpClient::Create(origin_, http);
  // Create() validated the origin, so this cannot fail.
  return created.ok() ? std::move(*created) : nullptr;
}

void ProviderClient::ReleaseClient(std::unique_ptr<HttpClient> client) {
  {
    std::lock_guard lock(mu_);
    --clients_out_;
    if (client) idle_clients_.push_back(std::move(client));
  }
  client_free_.notify_one();
}

std::chrono::milliseconds ProviderClient::NextBackoff(int32_t retry) {
  std::lock_guard lock(mu_);
  return BackoffDelay(options_.retry, retry, rng_);
}

Result<Json> ProviderClient::PostJson(std::string_view path, const Json& body) {
  const std::string full_path = path_prefix_ + std::string(path);
  const std::string payload = DumpJson(body);
  HttpHeaders headers;
  if (!options_.bearer_token.empty()) headers["Authorization"] = "Bearer " + options_.bearer_token;
  const std::string where = StrCat(options_.provider_name, " ", origin_, full_path);
  // One span for the call and its retries; each attempt carries its traceparent (HttpClient).
  Span span("provider.request", SpanKind::kClient);
  span.SetAttribute("lakehouse.provider", options_.provider_name);
  span.SetAttribute("url.path", full_path);
  Result<Json> result = PostWithRetries(full_path, payload, headers, where, span);
  if (!result.ok()) span.SetError(result.status().message());
  return result;
}

Result<Json> ProviderClient::PostWithRetries(const std::string& full_path,
                                             const std::string& payload, const HttpHeaders& headers,
                                             const std::string& where, Span& span) {
  for (int32_t attempt = 0;; ++attempt) {
    span.SetAttribute("lakehouse.provider.attempts", static_cast<int64_t>(attempt + 1));
    const bool may_retry = attempt < options_.retry.max_retries;
    const int64_t started = clock_->MonotonicMicros();
    Result<ClientResponse> response = [&]() -> Result<ClientResponse> {
      Lease client(this);
      if (client.operator->() == nullptr) return Internal("no HTTP client for ", origin_);
      return client->Send(HttpMethod::kPost, full_path, payload, "application/json", headers);
    }();

    Status failure;
    std::optional<std::chrono::milliseconds> retry_after;
    if (!response.ok()) {
      const int64_t elapsed_ms = (clock_->MonotonicMicros() - started) / 1000;
      if (elapsed_ms >= options_.request_timeout.count()) {
        return DeadlineExceeded(where, " did not answer within ",
                                std::to_string(options_.request_timeout.count()), " ms");
      }
      failure = UpstreamError(where, ": ", response.status().message());
    } else if (response->status >= 200 && response->status < 300) {
      span.SetAttribute("http.response.status_code", static_cast<int64_t>(response->status));
      Result<Json> parsed = ParseJson(response->body);
      if (!parsed.ok()) {
        return UpstreamError(where,
                             " answered with a body that is not JSON: ", parsed.status().message());
      }
      return parsed;
    } else {
      failure = UpstreamError(where, " answered HTTP ", std::to_string(response->status), ": ",
                              ProviderErrorMessage(response->body));
      if (!IsRetryableHttpStatus(response->status)) return failure;
      if (std::optional<std::string> header = response->Header("Retry-After")) {
        retry_after = ParseRetryAfter(*header, clock_->NowMicros());
      }
    }

    if (!may_retry) {
      if (attempt == 0) return failure;
      return failure.WithContext(StrCat("after ", std::to_string(attempt + 1), " attempts"));
    }
    std::chrono::milliseconds wait = NextBackoff(attempt);
    if (retry_after) {
      if (*retry_after > options_.retry.max_delay) {
        return failure.WithContext(StrCat("Retry-After of ", std::to_string(retry_after->count()),
                                          " ms exceeds the longest wait (",
                                          std::to_string(options_.retry.max_delay.count()),
                                          " ms)"));
      }
      wait = *retry_after;
    }
    sleeper_(wait);
  }
}

}  // namespace lakehouse
