#include "http/http_metrics.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(HttpMetricsTest, RendersCountersAndHistograms) {
  HttpMetrics m;
  m.Record("GET", "/health", 200, 0.0004, 10);
  m.Record("GET", "/health", 200, 0.02, 10);
  m.Record("GET", "unmatched", 404, 0.001, 50);
  std::string text = m.RenderPrometheus();
  EXPECT_NE(
      text.find("lakehouse_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("lakehouse_http_request_duration_seconds_bucket{method=\"GET\",route=\"/"
                      "health\",le=\"0.0005\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("lakehouse_http_request_duration_seconds_bucket{method=\"GET\",route=\"/"
                      "health\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "lakehouse_http_request_duration_seconds_count{method=\"GET\",route=\"/health\"} 2"),
      std::string::npos);
  EXPECT_NE(text.find("status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(text.find("# TYPE lakehouse_http_request_duration_seconds histogram"),
            std::string::npos);
}

}  // namespace
}  // namespace lakehouse
