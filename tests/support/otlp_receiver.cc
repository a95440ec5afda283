#include "tests/support/otlp_receiver.h"

#include <httplib.h>

#include <mutex>
#include <thread>

namespace lakehouse::testing {

std::string ReceivedSpan::StringAttribute(const std::string& key) const {
  auto it = attributes.find(key);
  if (it == attributes.end() || !it->second.contains("stringValue")) return "";
  return it->second["stringValue"].get<std::string>();
}

int64_t ReceivedSpan::IntAttribute(const std::string& key) const {
  auto it = attributes.find(key);
  if (it == attributes.end() || !it->second.contains("intValue")) return -1;
  return std::stoll(it->second["intValue"].get<std::string>());
}

struct OtlpReceiver::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mu;
  std::vector<ReceivedSpan> spans;     // guarded by mu
  int64_t requests = 0;                // guarded by mu
  bool available = true;               // guarded by mu
  std::chrono::milliseconds delay{0};  // guarded by mu

  // Parses one ExportTraceServiceRequest; false when it is not one.
  bool Take(const Json& body) {
    if (!body.is_object() || !body.contains("resourceSpans")) return false;
    std::vector<ReceivedSpan> received;
    for (const Json& rs : body["resourceSpans"]) {
      std::string service;
      for (const Json& a : rs["resource"]["attributes"]) {
        if (a["key"] == "service.name") service = a["value"]["stringValue"];
      }
      for (const Json& ss : rs["scopeSpans"]) {
        for (const Json& s : ss["spans"]) {
          ReceivedSpan span;
          span.trace_id = s["traceId"];
          span.span_id = s["spanId"];
          span.parent_span_id = s.value("parentSpanId", "");
          span.name = s["name"];
          span.kind = s["kind"];
          // proto3 JSON: 64-bit integers are strings.
          span.start_unix_nano = std::stoll(s["startTimeUnixNano"].get<std::string>());
          span.end_unix_nano = std::stoll(s["endTimeUnixNano"].get<std::string>());
          for (const Json& a : s["attributes"]) span.attributes[a["key"]] = a["value"];
          span.status_code = s["status"].value("code", 0);
          span.service_name = service;
          received.push_back(std::move(span));
        }
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    for (ReceivedSpan& s : received) spans.push_back(std::move(s));
    return true;
  }
};

OtlpReceiver::OtlpReceiver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

OtlpReceiver::~OtlpReceiver() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<OtlpReceiver>> OtlpReceiver::Start() {
  auto impl = std::make_unique<Impl>();
  Impl* p = impl.get();
  p->server.Post("/v1/traces", [p](const httplib::Request& req, httplib::Response& res) {
    std::chrono::milliseconds delay{0};
    {
      std::lock_guard<std::mutex> lock(p->mu);
      ++p->requests;
      delay = p->delay;
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    {
      std::lock_guard<std::mutex> lock(p->mu);
      if (!p->available) {
        res.status = 503;
        return;
      }
    }
    if (req.get_header_value("Content-Type").find("application/json") != 0) {
      res.status = 415;
      return;
    }
    Json body = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    try {
      res.status = p->Take(body) ? 200 : 400;
    } catch (const std::exception&) {  // a field of the wrong type
      res.status = 400;
    }
    res.set_content("{}", "application/json");
  });
  p->port = p->server.bind_to_any_port("127.0.0.1");
  if (p->port <= 0) return Internal("OTLP receiver cannot bind a loopback port");
  p->thread = std::thread([p] { p->server.listen_after_bind(); });
  while (!p->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<OtlpReceiver>(new OtlpReceiver(std::move(impl)));
}

std::string OtlpReceiver::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

void OtlpReceiver::SetAvailable(bool available) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->available = available;
}

void OtlpReceiver::SetDelay(std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->delay = delay;
}

std::vector<ReceivedSpan> OtlpReceiver::spans() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->spans;
}

int64_t OtlpReceiver::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests;
}

std::vector<ReceivedSpan> OtlpReceiver::WaitForSpans(
    const std::function<bool(const std::vector<ReceivedSpan>&)>& done,
    std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::vector<ReceivedSpan> now = spans();
    if (done(now) || std::chrono::steady_clock::now() >= deadline) return now;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<ReceivedSpan> SpansOfTrace(const std::vector<ReceivedSpan>& spans,
                                       const std::string& trace_id) {
  std::vector<ReceivedSpan> out;
  for (const ReceivedSpan& s : spans) {
    if (s.trace_id == trace_id) out.push_back(s);
  }
  return out;
}

const ReceivedSpan* FindSpan(const std::vector<ReceivedSpan>& spans, const std::string& name) {
  for (const ReceivedSpan& s : spans) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool IsDescendant(const std::vector<ReceivedSpan>& spans, const ReceivedSpan& descendant,
                  const ReceivedSpan& ancestor) {
  std::string parent = descendant.parent_span_id;
  for (size_t hops = 0; !parent.empty() && hops <= spans.size(); ++hops) {
    if (parent == ancestor.span_id) return true;
    const ReceivedSpan* next = nullptr;
    for (const ReceivedSpan& s : spans) {
      if (s.span_id == parent) next = &s;
    }
    if (next == nullptr) return false;
    parent = next->parent_span_id;
  }
  return false;
}

}  // namespace lakehouse::testing
