#include "telemetry/batch_span_exporter.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/support/otlp_receiver.h"

namespace lakehouse {
namespace {

using testing::OtlpReceiver;
using testing::ReceivedSpan;

SpanData NamedSpan(const std::string& name) {
  SpanData span;
  span.context = {NewTraceId(), NewSpanId(), 1};
  span.name = name;
  span.start_unix_nano = 1;
  span.end_unix_nano = 2;
  return span;
}

// A loopback port nothing listens on (bound, then closed).
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(BatchSpanExporterTest, SendsSpansInBatchesToTheCollector) {
  auto receiver = OtlpReceiver::Start();
  ASSERT_TRUE(receiver.ok());
  TelemetryOptions options;
  options.otlp_endpoint = (*receiver)->url();
  options.batch_spans = 2;
  options.flush_interval_ms = 50;
  auto exporter = BatchSpanExporter::Start(options);
  ASSERT_TRUE(exporter.ok()) << exporter.status().ToString();
  for (int i = 0; i < 5; ++i) (*exporter)->Export(NamedSpan("s" + std::to_string(i)));
  auto spans = (*receiver)->WaitForSpans([](const auto& s) { return s.size() == 5; },
                                         std::chrono::seconds(5));
  ASSERT_EQ(spans.size(), 5u);
  EXPECT_EQ(spans[0].service_name, "lakehouse");
  EXPECT_GE((*receiver)->requests(), 3);  // 2 + 2 + 1
  EXPECT_EQ((*exporter)->stats().exported, 5);
  EXPECT_EQ((*exporter)->stats().dropped_export_failed, 0);
}

// Spans that arrive while a full batch is being sent wait for the next full batch or the flush
// interval; they are not sent as a small batch of their own right after.
TEST(BatchSpanExporterTest, SpansArrivingDuringASendWaitForAFullBatch) {
  auto receiver = OtlpReceiver::Start();
  ASSERT_TRUE(receiver.ok());
  (*receiver)->SetDelay(std::chrono::milliseconds(100));
  TelemetryOptions options;
  options.otlp_endpoint = (*receiver)->url();
  options.batch_spans = 100;
  options.flush_interval_ms = 60'000;
  auto exporter = BatchSpanExporter::Start(options);
  ASSERT_TRUE(exporter.ok()) << exporter.status().ToString();
  for (int i = 0; i < 130; ++i) (*exporter)->Export(NamedSpan("s" + std::to_string(i)));
  auto spans = (*receiver)->WaitForSpans([](const auto& s) { return s.size() >= 100; },
                                         std::chrono::seconds(10));
  ASSERT_EQ(spans.size(), 100u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ((*receiver)->requests(), 1);
  EXPECT_EQ((*exporter)->stats().exported, 100);
  exporter->reset();  // shutdown sends the 30 still queued
  EXPECT_EQ((*receiver)->requests(), 2);
}

TEST(BatchSpanExporterTest, RefusesAnEndpointThatIsNotHttp) {
  TelemetryOptions options;
  options.otlp_endpoint = "ftp://example";
  EXPECT_EQ(BatchSpanExporter::Start(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(BatchSpanExporterTest, ADownCollectorCostsTheCallerNothingAndDropsAreCounted) {
  TelemetryOptions options;
  options.otlp_endpoint = "http://127.0.0.1:" + std::to_string(ClosedPort());
  options.queue_spans = 10;
  options.batch_spans = 1000;  // nothing is sent before the interval
  options.flush_interval_ms = 50;
  auto exporter = BatchSpanExporter::Start(options);
  ASSERT_TRUE(exporter.ok());
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 25; ++i) (*exporter)->Export(NamedSpan("s"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  // The queue holds 10: the other 15 are dropped at once; the 10 when the export fails.
  EXPECT_EQ((*exporter)->stats().dropped_queue_full, 15);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((*exporter)->stats().dropped_export_failed < 10 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*exporter)->stats().dropped_export_failed, 10);
  EXPECT_GE((*exporter)->stats().failed_requests, 1);
  EXPECT_NE((*exporter)->RenderPrometheus().find(
                "lakehouse_trace_spans_dropped_total{reason=\"queue_full\"} 15"),
            std::string::npos);
}

TEST(BatchSpanExporterTest, ACollectorAnswering503IsAFailedExport) {
  auto receiver = OtlpReceiver::Start();
  ASSERT_TRUE(receiver.ok());
  (*receiver)->SetAvailable(false);
  TelemetryOptions options;
  options.otlp_endpoint = (*receiver)->url();
  options.flush_interval_ms = 20;
  auto exporter = BatchSpanExporter::Start(options);
  ASSERT_TRUE(exporter.ok());
  (*exporter)->Export(NamedSpan("s"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((*exporter)->stats().dropped_export_failed < 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*exporter)->stats().dropped_export_failed, 1);
  EXPECT_TRUE((*receiver)->spans().empty());
}

TEST(BatchSpanExporterTest, DestructionSendsWhatIsQueued) {
  auto receiver = OtlpReceiver::Start();
  ASSERT_TRUE(receiver.ok());
  TelemetryOptions options;
  options.otlp_endpoint = (*receiver)->url() + "/";
  options.flush_interval_ms = 60'000;
  {
    auto exporter = BatchSpanExporter::Start(options);
    ASSERT_TRUE(exporter.ok());
    (*exporter)->Export(NamedSpan("last"));
  }
  ASSERT_EQ((*receiver)->spans().size(), 1u);
  EXPECT_EQ((*receiver)->spans()[0].name, "last");
}

}  // namespace
}  // namespace lakehouse
