// S3Client: signed HTTP requests to one S3 bucket (AWS Signature Version 4) over libcurl.
//
// Signing is libcurl's CURLOPT_AWS_SIGV4 (Debian 12's libcurl 7.88). That version neither adds
// x-amz-content-sha256 nor canonicalises the query string, so this class does both: every
// request carries the SHA-256 of its body in x-amz-content-sha256 (the body is passed as
// CURLOPT_POSTFIELDS, the bytes libcurl hashes into the signature), and query parameters are
// written sorted by name, RFC 3986-encoded, with "name=" for empty values. Object keys are
// encoded segment by segment ('/' kept).
//
// Addressing: path style (http://host/bucket/key, the default) or virtual-host style
// (http://bucket.host/key).
//
// Retries: a transport error (refused, reset, timed out, stalled below 1 byte/s for
// low_speed_time_s) or HTTP 500/502/503/504 (and 429, S3's SlowDown) is retried up to
// max_attempts in all, with exponential backoff from retry_base_delay_ms. Other answers are
// returned as they are; S3ErrorStatus turns one into a Status.
//
// Credentials are held here and handed to libcurl only; no message, log line or Status built by
// this class contains the secret.
//
// Thread-safety: thread-safe; each Send uses its own libcurl easy handle (kept in a small pool so
// connections are reused).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse {

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;
};

struct S3ClientOptions {
  std::string endpoint;  // "http://127.0.0.1:8080" or "https://s3.eu-west-1.amazonaws.com"
  std::string region = "us-east-1";
  std::string bucket;         // the remote bucket name
  bool virtual_host = false;  // true: bucket.host/key; false: host/bucket/key
  S3Credentials credentials;
  int max_attempts = 4;               // per request, the first try included
  int64_t retry_base_delay_ms = 200;  // doubled per retry
  int64_t connect_timeout_ms = 5000;
  int64_t low_speed_time_s = 30;        // abort a transfer stalled below 1 byte/s this long
  int64_t request_timeout_ms = 300000;  // whole request, 0 = none
};

struct S3Request {
  std::string method = "GET";  // GET, PUT, POST, HEAD, DELETE
  std::string key;             // object key; "" addresses the bucket
  // Query parameters (unencoded); sorted and encoded when sent.
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;             // PUT/POST payload; must outlive Send
  int64_t range_offset = -1;         // >= 0: Range bytes=offset-(offset+length-1)
  int64_t range_length = 0;
  // When set, body bytes of a 2xx answer go here instead of S3Response::body; returning false
  // aborts the transfer (not retried).
  std::function<bool(std::string_view)> sink;
};

struct S3Response {
  int64_t http_status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  int attempts = 0;

  bool ok() const { return http_status >= 200 && http_status < 300; }
  std::string Header(const std::string& lower_name) const;
};

// The query string as sent and signed: sorted by name, RFC 3986-encoded, "name=" for empties.
std::string CanonicalQueryString(std::vector<std::pair<std::string, std::string>> query);
// RFC 3986 encoding of `text` (unreserved characters kept); '/' kept when `keep_slash`.
std::string UriEncode(std::string_view text, bool keep_slash);

// `endpoint` as "scheme://host:port[/path]" (scheme and host lower-cased, the scheme's default
// port filled in, no trailing slash), for comparing endpoints. INVALID_ARGUMENT unless it is an
// http(s) URL without user info, query or fragment.
Result<std::string> NormalizedS3Endpoint(std::string_view endpoint);

// A Status for a non-2xx answer: the S3 error code and message from the XML body (e.g.
// "HTTP 403 SignatureDoesNotMatch: ..."), mapped to NOT_FOUND (404), PERMISSION_DENIED (403),
// INVALID_ARGUMENT (400), UNAVAILABLE (5xx, 429) or UPSTREAM_ERROR. `context` leads the message.
Status S3ErrorStatus(const S3Response& response, std::string_view context);

class S3Client {
 public:
  // INVALID_ARGUMENT when the endpoint is not http(s)://, or the bucket or credentials are empty.
  static Result<std::unique_ptr<S3Client>> Create(S3ClientOptions options);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Sends the request, retrying transient failures. A transport failure after the last attempt
  // is UNAVAILABLE naming the libcurl error; an HTTP answer (error or not) is returned.
  Result<S3Response> Send(const S3Request& request) const;

  const S3ClientOptions& options() const { return options_; }
  // "s3 bucket 'remote' at endpoint": for messages (never contains credentials).
  std::string Describe() const;
  // The URL of `key` (encoded), without query.
  std::string ObjectUrl(std::string_view key) const;

 private:
  explicit S3Client(S3ClientOptions options);
  // One try. Sets *transient when a retry may succeed.
  Result<S3Response> SendOnce(const S3Request& request, bool* transient) const;
  void* AcquireHandle() const;
  void ReleaseHandle(void* handle) const;

  const S3ClientOptions options_;
  mutable Mutex pool_mu_;
  mutable std::vector<void*> pool_ LH_GUARDED_BY(pool_mu_);  // idle CURL* handles
};

}  // namespace lakehouse
