#include "embed/retry_policy.h"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace lakehouse {

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int32_t retry,
                                       std::mt19937_64& rng) {
  const int64_t max_ms = std::max<int64_t>(0, policy.max_delay.count());
  int64_t delay_ms = std::max<int64_t>(0, policy.base_delay.count());
  for (int32_t i = 0; i < retry && delay_ms < max_ms; ++i) delay_ms *= 2;
  delay_ms = std::min(delay_ms, max_ms);
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(delay_ms) * jitter(rng)));
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         int64_t now_epoch_micros) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // IMF-fixdate, the only HTTP-date form servers are required to send.
  struct tm parts = {};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const int64_t at_micros = static_cast<int64_t>(timegm(&parts)) * 1'000'000;
  const int64_t wait_ms = std::max<int64_t>(0, (at_micros - now_epoch_micros) / 1000);
  return std::chrono::milliseconds(wait_ms);
}

bool IsRetryableHttpStatus(int status) {
  if (status == 408 || status == 425 || status == 429) return true;
  return status >= 500 && status <= 599 && status != 501 && status != 505;
}

}  // namespace lakehouse
