#include "http/http_client.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>

#include "common/trace_context.h"

namespace lakehouse {

std::optional<std::string> ClientResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

struct HttpClient::Impl {
  explicit Impl(const std::string& url) : client(url) {}
  httplib::Client client;
  std::string api_key;
  ResponseObserver on_response;
};

HttpClient::HttpClient(std::string base_url, std::unique_ptr<Impl> impl)
    : base_url_(std::move(base_url)), impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

Result<std::unique_ptr<HttpClient>> HttpClient::Create(const std::string& base_url,
                                                       const HttpClientOptions& options) {
  if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0) {
    return InvalidArgument("server URL must start with http:// or https://, got '", base_url, "'");
  }
  // cpp-httplib takes scheme://host[:port] only; anything after it would silently become part of
  // the host name. A trailing '/' is what people paste, so it is dropped; a path is refused.
  std::string url = base_url;
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  const size_t host_start = url.find("://") + 3;
  if (url.size() <= host_start) return InvalidArgument("server URL '", base_url, "' has no host");
  if (url.find_first_of("/?#", host_start) != std::string::npos) {
    return InvalidArgument("server URL must be scheme://host[:port] without a path, got '",
                           base_url, "'");
  }
  auto impl = std::make_unique<Impl>(url);
  if (!impl->client.is_valid()) return InvalidArgument("invalid server URL '", base_url, "'");
  impl->client.set_connection_timeout(options.connect_timeout);
  impl->client.set_read_timeout(options.read_timeout);
  impl->client.set_write_timeout(options.read_timeout);
  impl->client.set_keep_alive(true);
  impl->client.set_tcp_nodelay(true);  // headers and body go in separate writes: no Nagle stall
  impl->api_key = options.api_key;
  impl->on_response = options.on_response;
  return std::unique_ptr<HttpClient>(new HttpClient(url, std::move(impl)));
}

namespace {

Result<ClientResponse> Convert(const httplib::Result& res, const std::string& base_url) {
  if (!res) {
    // Write: the connection was up but the peer stopped reading — it answered (and closed) before
    // the request body was sent, e.g. over its body limit or for a missing API key. Canceled: our
    // body provider gave up because a write failed (the same thing, seen from a streamed upload).
    if (res.error() == httplib::Error::Write || res.error() == httplib::Error::Canceled) {
      return UpstreamError("the server at ", base_url,
                           " closed the connection before the request was fully sent");
    }
    return Unavailable("cannot reach ", base_url, ": ", httplib::to_string(res.error()));
  }
  ClientResponse out;
  out.status = res->status;
  out.body = res->body;
  for (const auto& [k, v] : res->headers) out.headers.emplace(k, v);
  return out;
}

httplib::Headers ToHeaders(const HttpHeaders& headers, const std::string& api_key) {
  httplib::Headers out(headers.begin(), headers.end());
  if (!api_key.empty()) out.emplace("X-API-Key", api_key);
  // W3C Trace Context: a call made inside a traced operation continues its trace.
  if (const TraceContext& trace = CurrentTraceContext();
      trace.valid() && headers.find("traceparent") == headers.end()) {
    out.emplace("traceparent", FormatTraceparent(trace));
  }
  return out;
}

}  // namespace

Result<ClientResponse> HttpClient::Observed(HttpMethod method, const std::string& path,
                                            Result<ClientResponse> response) {
  if (response.ok() && impl_->on_response) impl_->on_response(method, path, *response);
  return response;
}

Result<ClientResponse> HttpClient::Send(HttpMethod method, const std::string& path,
                                        const std::string& body, const std::string& content_type,
                                        const HttpHeaders& headers) {
  return Observed(method, path, Exchange(method, path, body, content_type, headers));
}

Result<ClientResponse> HttpClient::Exchange(HttpMethod method, const std::string& path,
                                            const std::string& body,
                                            const std::string& content_type,
                                            const HttpHeaders& headers) {
  httplib::Client& c = impl_->client;
  httplib::Headers h = ToHeaders(headers, impl_->api_key);
  const char* ct = content_type.empty() ? "application/json" : content_type.c_str();
  switch (method) {
    case HttpMethod::kGet:
      return Convert(c.Get(path, h), base_url_);
    case HttpMethod::kHead:
      return Convert(c.Head(path, h), base_url_);
    case HttpMethod::kOptions:
      return Convert(c.Options(path, h), base_url_);
    case HttpMethod::kPost:
      return Convert(c.Post(path, h, body, ct), base_url_);
    case HttpMethod::kPut:
      return Convert(c.Put(path, h, body, ct), base_url_);
    case HttpMethod::kPatch:
      return Convert(c.Patch(path, h, body, ct), base_url_);
    case HttpMethod::kDelete:
      return Convert(c.Delete(path, h, body, ct), base_url_);
  }
  return Internal("unhandled method");
}

Result<ClientResponse> HttpClient::PostMultipart(const std::string& path,
                                                 const std::vector<MultipartItem>& items,
                                                 const HttpHeaders& headers,
                                                 const UploadProgress& progress) {
  httplib::MultipartFormDataItems form;
  httplib::MultipartFormDataProviderItems streamed;
  auto sent = std::make_shared<int64_t>(0);
  int64_t total = 0;
  for (const MultipartItem& item : items) {
    std::string ct = item.content_type;
    if (ct.empty() && !item.filename.empty()) ct = "application/octet-stream";
    if (item.file_path.empty()) {
      form.push_back({item.name, item.content, item.filename, ct});
      continue;
    }
    std::error_code ec;
    int64_t size = static_cast<int64_t>(std::filesystem::file_size(item.file_path, ec));
    auto in = std::make_shared<std::ifstream>(item.file_path, std::ios::binary);
    if (ec || !*in) return NotFound("cannot read '", item.file_path, "'");
    total += size;
    streamed.push_back({item.name,
                        [in, sent, &total, &progress](size_t, httplib::DataSink& sink) {
                          char buffer[64 * 1024];
                          in->read(buffer, sizeof(buffer));
                          std::streamsize n = in->gcount();
                          if (n > 0) {
                            if (!sink.write(buffer, static_cast<size_t>(n))) return false;
                            *sent += n;
                            if (progress) progress(*sent, total);
                          }
                          if (in->eof()) sink.done();
                          return !in->bad();
                        },
                        item.filename, ct});
  }
  httplib::Headers http_headers = ToHeaders(headers, impl_->api_key);
  if (streamed.empty()) {
    return Observed(HttpMethod::kPost, path,
                    Convert(impl_->client.Post(path, http_headers, form), base_url_));
  }
  return Observed(HttpMethod::kPost, path,
                  Convert(impl_->client.Post(path, http_headers, form, streamed), base_url_));
}

}  // namespace lakehouse
