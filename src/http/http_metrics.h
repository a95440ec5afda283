// HttpMetrics: request counts and latency histograms per (method, route pattern), rendered in the
// Prometheus text exposition format (version 0.0.4) for GET /metrics.
//
// Thread-safety: thread-safe. Record() takes a short mutex; rendering copies under the same mutex.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "common/mutex.h"

namespace lakehouse {

class HttpMetrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets; +Inf is implicit.
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0};

  // `route` is the matched pattern ("/catalog/datasets/by-name/{name}") or "unmatched", so label
  // cardinality stays bounded whatever paths clients send.
  void Record(const std::string& method, const std::string& route, int status, double seconds,
              int64_t response_bytes);

  // Requests whose answer is deferred (HttpResponse::deferred) and not yet given: they hold a
  // connection but no worker.
  void AddDeferred(int64_t delta) { deferred_.fetch_add(delta); }
  int64_t deferred() const { return deferred_.load(); }

  std::string RenderPrometheus() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBucketsSeconds.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  using RouteKey = std::tuple<std::string, std::string>;       // method, route
  using CountKey = std::tuple<std::string, std::string, int>;  // method, route, status

  std::atomic<int64_t> deferred_{0};
  mutable Mutex mu_;
  std::map<CountKey, uint64_t> requests_ LH_GUARDED_BY(mu_);
  std::map<RouteKey, Histogram> latency_ LH_GUARDED_BY(mu_);
  std::map<RouteKey, uint64_t> response_bytes_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse
