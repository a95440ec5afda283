#include "http/http_metrics.h"

#include <fmt/format.h>

namespace lakehouse {
namespace {
std::string EscapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void HttpMetrics::Record(const std::string& method, const std::string& route, int status,
                         double seconds, int64_t response_bytes) {
  MutexLock lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[{method, route}];
  for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
  response_bytes_[{method, route}] +=
      static_cast<uint64_t>(response_bytes < 0 ? 0 : response_bytes);
}

std::string HttpMetrics::RenderPrometheus() const {
  MutexLock lock(mu_);
  std::string out;
  out += "# HELP lakehouse_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE lakehouse_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format(
        "lakehouse_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", method,
        EscapeLabel(route), status, n);
  }
  out += "# HELP lakehouse_http_request_duration_seconds HTTP request latency.\n";
  out += "# TYPE lakehouse_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const auto& [method, route] = key;
    std::string labels = fmt::format("method=\"{}\",route=\"{}\"", method, EscapeLabel(route));
    for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out += fmt::format("lakehouse_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBucketsSeconds[i], h.buckets[i]);
    }
    out += fmt::format("lakehouse_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, h.count);
    out += fmt::format("lakehouse_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("lakehouse_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  out += "# HELP lakehouse_http_response_bytes_total Response body bytes by method and route.\n";
  out += "# TYPE lakehouse_http_response_bytes_total counter\n";
  for (const auto& [key, n] : response_bytes_) {
    const auto& [method, route] = key;
    out += fmt::format("lakehouse_http_response_bytes_total{{method=\"{}\",route=\"{}\"}} {}\n",
                       method, EscapeLabel(route), n);
  }
  out +=
      "# HELP lakehouse_http_deferred_requests Requests waiting for a deferred answer "
      "(?wait=true), holding no worker.\n";
  out += "# TYPE lakehouse_http_deferred_requests gauge\n";
  out += fmt::format("lakehouse_http_deferred_requests {}\n", deferred_.load());
  return out;
}

}  // namespace lakehouse
