// RetryPolicy: when and how long provider clients wait before retrying a transient failure
// (connection error, HTTP 5xx, HTTP 429): exponential backoff with jitter, or the server's own
// Retry-After when it sends one.
//
// Thread-safety: plain values and pure functions (the caller owns the random engine).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace lakehouse {

struct RetryPolicy {
  // Retries after the first attempt; 0 disables retrying.
  int32_t max_retries = 4;
  // Delay before the first retry; doubled for each further retry.
  std::chrono::milliseconds base_delay{250};
  // Cap of the backoff delay, and the longest Retry-After honoured (longer ones end the retries).
  std::chrono::milliseconds max_delay{30000};
};

// Backoff before retry number `retry` (0 = the first retry): min(max_delay, base_delay · 2^retry)
// scaled by a uniform factor in [0.5, 1.0] ("equal jitter"), so synchronised clients spread out
// while the expected wait still grows exponentially.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int32_t retry,
                                       std::mt19937_64& rng);

// Parses a Retry-After header value: delta-seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", compared with `now_epoch_micros`; a past date is 0).
// nullopt when the value is malformed.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         int64_t now_epoch_micros);

// True for the HTTP statuses worth retrying: 408, 425, 429 and every 5xx except 501 and 505.
bool IsRetryableHttpStatus(int status);

}  // namespace lakehouse
