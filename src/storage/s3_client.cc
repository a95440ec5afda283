#include "storage/s3_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/hash.h"
#include "common/strings.h"
#include "storage/s3_xml.h"

namespace lakehouse {
namespace {

constexpr size_t kMaxIdleHandles = 16;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsTransientHttp(int64_t status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// Collects one answer: the status of the last status line, its headers and its body.
struct Collector {
  S3Response response;

  static size_t OnHeader(char* data, size_t size, size_t count, void* self) {
    auto* c = static_cast<Collector*>(self);
    std::string_view line(data, size * count);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
      c->response.headers.clear();  // a 100 Continue's headers are not the answer's
      size_t space = line.find(' ');
      if (space != std::string_view::npos) {
        c->response.http_status = std::atoi(std::string(line.substr(space + 1, 3)).c_str());
      }
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      std::string name = AsciiLower(line.substr(0, colon));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      c->response.headers[name] = std::string(value);
    }
    return size * count;
  }

  static size_t OnBody(char* data, size_t size, size_t count, void* self) {
    static_cast<Collector*>(self)->response.body.append(data, size * count);
    return size * count;
  }
};

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void Add(const std::string& header) { list = curl_slist_append(list, header.c_str()); }
};

}  // namespace

std::string S3Response::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string CanonicalQueryString(std::vector<std::pair<std::string, std::string>> query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (auto& [name, value] : query)
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

Status S3ErrorStatus(const S3Response& response, std::string_view context) {
  S3ErrorBody error = ParseS3Error(response.body);
  std::string code = error.code.empty() ? "(no error code)" : error.code;
  std::string message = StrCat(context, ": HTTP ", std::to_string(response.http_status), " ", code);
  if (!error.message.empty()) message += ": " + error.message;
  if (response.attempts > 1)
    message += StrCat(" (after ", std::to_string(response.attempts), " attempts)");
  switch (response.http_status) {
    case 404:
      return NotFound(message);
    case 401:
    case 403:
      return PermissionDenied(message);
    case 400:
    case 411:
    case 416:
      return InvalidArgument(message);
    case 409:
    case 412:
      return Conflict(message);
    default:
      break;
  }
  if (IsTransientHttp(response.http_status)) return Unavailable(message);
  return UpstreamError(message);
}

S3Client::S3Client(S3ClientOptions options) : options_(std::move(options)) {}

S3Client::~S3Client() {
  MutexLock lock(pool_mu_);
  for (void* handle : pool_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

Result<std::string> NormalizedS3Endpoint(std::string_view endpoint) {
  const std::string given(endpoint);
  const auto invalid = [&] {
    return InvalidArgument(
        "s3 endpoint is not an http:// or https:// URL with a host (and no user "
        "info, query or fragment)");
  };
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), curl_url_cleanup);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, given.c_str(), 0) != CURLUE_OK) {
    return invalid();
  }
  const auto part = [&](CURLUPart which, unsigned int flags) -> std::optional<std::string> {
    char* text = nullptr;
    if (curl_url_get(url.get(), which, &text, flags) != CURLUE_OK || text == nullptr) {
      return std::nullopt;
    }
    std::string out(text);
    curl_free(text);
    return out;
  };
  std::optional<std::string> scheme = part(CURLUPART_SCHEME, 0);
  std::optional<std::string> host = part(CURLUPART_HOST, 0);
  std::optional<std::string> port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  std::optional<std::string> path = part(CURLUPART_PATH, 0);
  if (!scheme || !host || host->empty() || !port || part(CURLUPART_USER, 0) ||
      part(CURLUPART_PASSWORD, 0) || part(CURLUPART_QUERY, 0) || part(CURLUPART_FRAGMENT, 0)) {
    return invalid();
  }
  const std::string lower_scheme = AsciiLower(*scheme);
  if (lower_scheme != "http" && lower_scheme != "https") return invalid();
  std::string tail = path.value_or("");
  while (tail.ends_with("/")) tail.pop_back();
  return StrCat(lower_scheme, "://", AsciiLower(*host), ":", *port, tail);
}

Result<std::unique_ptr<S3Client>> S3Client::Create(S3ClientOptions options) {
  if (!options.endpoint.starts_with("http://") && !options.endpoint.starts_with("https://")) {
    return InvalidArgument("s3 endpoint must start with http:// or https://");
  }
  while (options.endpoint.ends_with("/")) options.endpoint.pop_back();
  if (options.bucket.empty()) return InvalidArgument("s3 bucket name is empty");
  if (options.region.empty()) return InvalidArgument("s3 region is empty");
  if (options.credentials.access_key_id.empty() || options.credentials.secret_access_key.empty()) {
    return InvalidArgument("s3 bucket '", options.bucket,
                           "': no credentials (set access_key_id and secret_access_key or "
                           "secret_access_key_file, or AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY)");
  }
  if (options.max_attempts < 1) options.max_attempts = 1;
  GlobalInit();
  return std::unique_ptr<S3Client>(new S3Client(std::move(options)));
}

std::string S3Client::Describe() const {
  return StrCat("s3 bucket '", options_.bucket, "' at ", options_.endpoint);
}

std::string S3Client::ObjectUrl(std::string_view key) const {
  std::string path = "/" + UriEncode(key, true);
  if (!options_.virtual_host)
    return options_.endpoint + "/" + UriEncode(options_.bucket, false) + path;
  size_t scheme_end = options_.endpoint.find("://") + 3;
  return options_.endpoint.substr(0, scheme_end) + options_.bucket + "." +
         options_.endpoint.substr(scheme_end) + path;
}

void* S3Client::AcquireHandle() const {
  {
    MutexLock lock(pool_mu_);
    if (!pool_.empty()) {
      void* handle = pool_.back();
      pool_.pop_back();
      curl_easy_reset(static_cast<CURL*>(handle));
      return handle;
    }
  }
  return curl_easy_init();
}

void S3Client::ReleaseHandle(void* handle) const {
  MutexLock lock(pool_mu_);
  if (pool_.size() < kMaxIdleHandles) {
    pool_.push_back(handle);
    return;
  }
  curl_easy_cleanup(static_cast<CURL*>(handle));
}

Result<S3Response> S3Client::SendOnce(const S3Request& request, bool* transient) const {
  *transient = false;
  CURL* curl = static_cast<CURL*>(AcquireHandle());
  if (curl == nullptr) return Internal("curl_easy_init failed");
  std::string url = ObjectUrl(request.key);
  if (request.key.empty()) url.pop_back();  // the bucket itself: no trailing '/'
  if (!request.query.empty()) url += "?" + CanonicalQueryString(request.query);
  const std::string sigv4 = StrCat("aws:amz:", options_.region, ":s3");
  char error_buffer[CURL_ERROR_SIZE] = {0};
  Collector collector;
  HeaderList headers;
  headers.Add("x-amz-content-sha256: " + Sha256Hex(request.body));
  for (const std::string& header : request.headers) headers.Add(header);
  std::string range;

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, options_.credentials.access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.credentials.secret_access_key.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_time_s));
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Collector::OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collector);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collector::OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collector);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST") {
    headers.Add("Content-Type: application/octet-stream");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.empty() ? "" : request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.range_offset >= 0) {
    range = StrCat(
        std::to_string(request.range_offset), "-",
        std::to_string(request.range_offset + std::max<int64_t>(request.range_length, 1) - 1));
    curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

  CURLcode code = curl_easy_perform(curl);
  ReleaseHandle(curl);
  if (code != CURLE_OK) {
    *transient = true;
    std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return Unavailable(Describe(), ": ", request.method, " '", request.key, "': ", detail);
  }
  *transient = IsTransientHttp(collector.response.http_status);
  return std::move(collector.response);
}

Result<S3Response> S3Client::Send(const S3Request& request) const {
  int64_t delay_ms = options_.retry_base_delay_ms;
  for (int attempt = 1;; ++attempt) {
    bool transient = false;
    Result<S3Response> response = SendOnce(request, &transient);
    if (!transient || attempt >= options_.max_attempts) {
      if (response.ok()) {
        response->attempts = attempt;
        return response;
      }
      if (attempt == 1) return response;
      return Status(response.status().code(), StrCat(response.status().message(), " (after ",
                                                     std::to_string(attempt), " attempts)"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    delay_ms = std::min<int64_t>(delay_ms * 2, 10000);
  }
}

}  // namespace lakehouse
