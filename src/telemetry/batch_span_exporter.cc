#include "telemetry/batch_span_exporter.h"

#include "common/logging.h"
#include "http/http_client.h"
#include "telemetry/otlp_json.h"

namespace lakehouse {
namespace {

// Failed exports are logged at most this often, so a dead collector does not flood the log.
constexpr auto kFailureLogInterval = std::chrono::seconds(60);

}  // namespace

Result<std::unique_ptr<BatchSpanExporter>> BatchSpanExporter::Start(
    const TelemetryOptions& options) {
  const std::string& endpoint = options.otlp_endpoint;
  const size_t scheme_end = endpoint.find("://");
  if (scheme_end == std::string::npos || (endpoint.compare(0, scheme_end, "http") != 0 &&
                                          endpoint.compare(0, scheme_end, "https") != 0)) {
    return InvalidArgument("telemetry.otlp_endpoint must be an http:// or https:// URL, got '",
                           endpoint, "'");
  }
  const size_t path_start = endpoint.find('/', scheme_end + 3);
  std::string base = endpoint.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "" : endpoint.substr(path_start);
  while (!path.empty() && path.back() == '/') path.pop_back();
  // Checks the URL the way the exporter thread will use it.
  LH_RETURN_IF_ERROR(HttpClient::Create(base).status());
  return std::unique_ptr<BatchSpanExporter>(
      new BatchSpanExporter(options, std::move(base), path + "/v1/traces"));
}

BatchSpanExporter::BatchSpanExporter(TelemetryOptions options, std::string base_url,
                                     std::string path)
    : options_(std::move(options)), base_url_(std::move(base_url)), path_(std::move(path)) {
  thread_ = std::thread([this] { Run(); });
}

BatchSpanExporter::~BatchSpanExporter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BatchSpanExporter::Export(SpanData span) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (static_cast<int64_t>(queue_.size()) >= options_.queue_spans) {
      dropped_queue_full_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(span));
    wake = static_cast<int64_t>(queue_.size()) == options_.batch_spans;
  }
  if (wake) wake_.notify_one();
}

void BatchSpanExporter::Run() {
  const auto interval = std::chrono::milliseconds(options_.flush_interval_ms);
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait_for(lock, interval, [&] {
      return stopping_ || static_cast<int64_t>(queue_.size()) >= options_.batch_spans;
    });
    const bool last = stopping_;
    // Everything queued now goes out, batch by batch; the lock is not held while sending.
    while (!queue_.empty()) {
      const size_t n = std::min(queue_.size(), static_cast<size_t>(options_.batch_spans));
      std::vector<SpanData> batch(std::make_move_iterator(queue_.begin()),
                                  std::make_move_iterator(queue_.begin() + n));
      queue_.erase(queue_.begin(), queue_.begin() + n);
      lock.unlock();
      Send(std::move(batch));
      lock.lock();
      if (last) break;  // one attempt at shutdown; what arrived meanwhile is dropped
      // Spans that arrived during the send wait for a full batch or the next interval: sending
      // them at once would turn steady traffic into one small export per send (measured: ~30
      // spans per request instead of batch_spans).
      if (static_cast<int64_t>(queue_.size()) < options_.batch_spans) break;
    }
    if (last) return;
  }
}

void BatchSpanExporter::Send(std::vector<SpanData> batch) {
  const auto count = static_cast<int64_t>(batch.size());
  Status sent = [&]() -> Status {
    if (client_ == nullptr) {
      HttpClientOptions client_options;
      client_options.connect_timeout = std::chrono::milliseconds(options_.export_timeout_ms);
      client_options.read_timeout = std::chrono::milliseconds(options_.export_timeout_ms);
      LH_ASSIGN_OR_RETURN(client_, HttpClient::Create(base_url_, client_options));
    }
    Result<ClientResponse> response =
        client_->Send(HttpMethod::kPost, path_, OtlpTracesText(batch, options_.service_name));
    if (!response.ok()) {
      client_.reset();  // a new connection next time
      return response.status();
    }
    if (response->status / 100 != 2) {
      return Unavailable("the collector answered HTTP ", std::to_string(response->status));
    }
    return Status::Ok();
  }();
  if (sent.ok()) {
    exported_.fetch_add(count, std::memory_order_relaxed);
    return;
  }
  dropped_export_failed_.fetch_add(count, std::memory_order_relaxed);
  failed_requests_.fetch_add(1, std::memory_order_relaxed);
  const auto now = std::chrono::steady_clock::now();
  if (failures_logged_ == 0 || now - last_failure_logged_ >= kFailureLogInterval) {
    ++failures_logged_;
    last_failure_logged_ = now;
    LH_LOG_WARN("trace export to {}{} failed ({} spans dropped): {}", base_url_, path_, count,
                sent.ToString());
  }
}

BatchSpanExporter::Stats BatchSpanExporter::stats() const {
  return {exported_.load(), dropped_queue_full_.load(), dropped_export_failed_.load(),
          failed_requests_.load()};
}

std::string BatchSpanExporter::RenderPrometheus() const {
  const Stats s = stats();
  std::string out;
  out += "# HELP lakehouse_trace_spans_exported_total Spans the OTLP collector accepted.\n";
  out += "# TYPE lakehouse_trace_spans_exported_total counter\n";
  out += "lakehouse_trace_spans_exported_total " + std::to_string(s.exported) + "\n";
  out += "# HELP lakehouse_trace_spans_dropped_total Spans dropped, by reason.\n";
  out += "# TYPE lakehouse_trace_spans_dropped_total counter\n";
  out += "lakehouse_trace_spans_dropped_total{reason=\"queue_full\"} " +
         std::to_string(s.dropped_queue_full) + "\n";
  out += "lakehouse_trace_spans_dropped_total{reason=\"export_failed\"} " +
         std::to_string(s.dropped_export_failed) + "\n";
  out += "# HELP lakehouse_trace_export_failures_total Export requests that failed.\n";
  out += "# TYPE lakehouse_trace_export_failures_total counter\n";
  out += "lakehouse_trace_export_failures_total " + std::to_string(s.failed_requests) + "\n";
  return out;
}

}  // namespace lakehouse
