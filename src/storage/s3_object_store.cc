#include "storage/s3_object_store.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "common/logging.h"
#include "storage/durable_file.h"
#include "storage/object_key.h"
#include "storage/s3_xml.h"

namespace lakehouse {
namespace {

int64_t HeaderInt(const S3Response& response, const std::string& name) {
  return std::strtoll(response.Header(name).c_str(), nullptr, 10);
}

}  // namespace

S3ObjectStore::S3ObjectStore(std::string bucket, S3StoreOptions options,
                             std::unique_ptr<S3Client> client, std::shared_ptr<ObjectCache> cache)
    : bucket_(std::move(bucket)),
      options_(std::move(options)),
      client_(std::move(client)),
      cache_(std::move(cache)) {}

Result<std::unique_ptr<S3ObjectStore>> S3ObjectStore::Open(std::string bucket,
                                                           S3StoreOptions options,
                                                           std::shared_ptr<ObjectCache> cache) {
  if (options.part_size_bytes < 1) return InvalidArgument("s3: part size must be positive");
  if (options.multipart_threshold_bytes < options.part_size_bytes) {
    options.multipart_threshold_bytes = options.part_size_bytes;
  }
  if (options.list_page_size < 1 || options.list_page_size > 1000) options.list_page_size = 1000;
  LH_ASSIGN_OR_RETURN(std::unique_ptr<S3Client> client, S3Client::Create(options.client));
  return std::unique_ptr<S3ObjectStore>(new S3ObjectStore(std::move(bucket), std::move(options),
                                                          std::move(client), std::move(cache)));
}

std::string S3ObjectStore::Context(std::string_view op, std::string_view key) const {
  return StrCat("bucket '", bucket_, "' (", client_->Describe(), "): ", op, " '", key, "'");
}

Status S3ObjectStore::Probe() const {
  Status status = ProbeOnce();
  MutexLock lock(state_mu_);
  reachable_ = status.ok();
  error_ = status.ok() ? "" : status.message();
  // A transport failure closes the gate for a while; an answer (e.g. a wrong secret) does not.
  retry_at_ = status.code() == StatusCode::kUnavailable ? RetryAtLocked() : TimePoint();
  return status;
}

Status S3ObjectStore::ProbeOnce() const {
  S3Request request;
  request.method = "HEAD";
  LH_ASSIGN_OR_RETURN(S3Response response, client_->Send(request));
  if (response.ok()) return Status::Ok();
  // A HEAD answer has no body; ask again with GET for the error document (its code names the
  // cause, e.g. SignatureDoesNotMatch).
  S3Request list;
  list.query = {{"list-type", "2"}, {"max-keys", "1"}};
  LH_ASSIGN_OR_RETURN(S3Response detail, client_->Send(list));
  if (detail.ok()) return Status::Ok();
  return S3ErrorStatus(detail, StrCat("bucket '", bucket_, "' (", client_->Describe(), ")"));
}

S3Reachability S3ObjectStore::reachability() const {
  MutexLock lock(state_mu_);
  return S3Reachability{reachable_, error_};
}

bool S3ObjectStore::ProbeDue() const {
  MutexLock lock(state_mu_);
  return !reachable_ && std::chrono::steady_clock::now() >= retry_at_;
}

S3ObjectStore::TimePoint S3ObjectStore::RetryAtLocked() const {
  return std::chrono::steady_clock::now() +
         std::chrono::milliseconds(options_.unreachable_retry_ms);
}

Result<S3Response> S3ObjectStore::Send(const S3Request& request) const {
  {
    MutexLock lock(state_mu_);
    if (!reachable_ && std::chrono::steady_clock::now() < retry_at_) {
      return Unavailable("bucket '", bucket_, "' is unreachable (", error_,
                         "); the next attempt is in at most ",
                         std::to_string(options_.unreachable_retry_ms), " ms");
    }
  }
  Result<S3Response> response = client_->Send(request);
  MutexLock lock(state_mu_);
  if (response.ok()) {
    if (!reachable_) LH_LOG_INFO("storage: bucket '{}' is reachable again", bucket_);
    reachable_ = true;
    error_.clear();
  } else if (response.status().code() == StatusCode::kUnavailable) {
    if (reachable_) {
      LH_LOG_WARN("storage: bucket '{}' is unreachable: {}", bucket_, response.status().message());
    }
    reachable_ = false;
    error_ = response.status().message();
    retry_at_ = RetryAtLocked();
  }
  return response;
}

Status S3ObjectStore::CreateRemoteBucket() const {
  S3Request request;
  request.method = "PUT";
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (response.ok()) return Status::Ok();
  if (ParseS3Error(response.body).code == "BucketAlreadyOwnedByYou") return Status::Ok();
  return S3ErrorStatus(response, StrCat("bucket '", bucket_, "': create ", client_->Describe()));
}

Result<std::string> S3ObjectStore::PutObject(const std::string& key, std::string_view data) const {
  S3Request request;
  request.method = "PUT";
  request.key = key;
  request.body = data;
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (!response.ok()) return S3ErrorStatus(response, Context("put", key));
  return response.Header("etag");
}

Result<std::string> S3ObjectStore::PutMultipart(
    const std::string& key, int64_t size,
    const std::function<Result<std::string>(int64_t, int64_t)>& read_part) const {
  S3Request create;
  create.method = "POST";
  create.key = key;
  create.query = {{"uploads", ""}};
  LH_ASSIGN_OR_RETURN(S3Response created, Send(create));
  if (!created.ok()) return S3ErrorStatus(created, Context("start multipart upload of", key));
  LH_ASSIGN_OR_RETURN(std::string upload_id, ParseUploadId(created.body));

  const auto upload = [&]() -> Result<std::string> {
    std::vector<std::string> etags;
    for (int64_t offset = 0; offset < size; offset += options_.part_size_bytes) {
      const int64_t length = std::min(options_.part_size_bytes, size - offset);
      LH_ASSIGN_OR_RETURN(std::string part, read_part(offset, length));
      S3Request put;
      put.method = "PUT";
      put.key = key;
      put.query = {{"partNumber", std::to_string(etags.size() + 1)}, {"uploadId", upload_id}};
      put.body = part;
      const std::string what = StrCat("upload part ", std::to_string(etags.size() + 1), " of");
      Result<S3Response> response = Send(put);
      if (!response.ok()) return response.status().WithContext(Context(what, key));
      if (!response->ok()) return S3ErrorStatus(*response, Context(what, key));
      etags.push_back(response->Header("etag"));
    }
    const std::string body = CompleteMultipartUploadXml(etags);
    S3Request complete;
    complete.method = "POST";
    complete.key = key;
    complete.query = {{"uploadId", upload_id}};
    complete.body = body;
    LH_ASSIGN_OR_RETURN(S3Response done, Send(complete));
    // S3 may answer 200 and still fail, with an <Error> document as the body.
    if (!done.ok() || !ParseS3Error(done.body).code.empty()) {
      if (done.ok()) done.http_status = 500;
      return S3ErrorStatus(done, Context("complete multipart upload of", key));
    }
    return std::string(done.Header("etag"));
  };
  Result<std::string> etag = upload();
  if (!etag.ok()) {
    S3Request abort;
    abort.method = "DELETE";
    abort.key = key;
    abort.query = {{"uploadId", upload_id}};
    Result<S3Response> aborted = Send(abort);
    if (!aborted.ok() || (!aborted->ok() && aborted->http_status != 404)) {
      LH_LOG_WARN("{}: multipart upload not aborted; its parts stay until the server expires them",
                  Context("put", key));
    }
  }
  return etag;
}

Status S3ObjectStore::Put(std::string_view key_in, std::string_view data) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  if (cache_) cache_->Invalidate(bucket_, key);
  if (static_cast<int64_t>(data.size()) <= options_.multipart_threshold_bytes) {
    return PutObject(key, data).status();
  }
  return PutMultipart(key, static_cast<int64_t>(data.size()),
                      [&](int64_t offset, int64_t length) -> Result<std::string> {
                        return std::string(data.substr(offset, length));
                      })
      .status();
}

Status S3ObjectStore::PutFile(std::string_view key_in, const std::string& local_path) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  struct stat st {};
  if (::stat(local_path.c_str(), &st) != 0) {
    return ErrnoToStatus(errno, StrCat(Context("put", key), ": source file"));
  }
  const int64_t size = st.st_size;
  if (cache_) cache_->Invalidate(bucket_, key);
  Result<std::string> etag = std::string();
  if (size <= options_.multipart_threshold_bytes) {
    LH_ASSIGN_OR_RETURN(std::string data, ReadFileRange(local_path, 0, -1, Context("put", key)));
    etag = PutObject(key, data);
  } else {
    etag = PutMultipart(key, size, [&](int64_t offset, int64_t length) {
      return ReadFileRange(local_path, offset, length, Context("put", key));
    });
  }
  if (!etag.ok()) return etag.status();
  if (cache_) {
    cache_->Insert(bucket_, key, local_path, size, *etag);
  }
  std::error_code ec;
  std::filesystem::remove(local_path, ec);
  return Status::Ok();
}

Status S3ObjectStore::Append(std::string_view key_in, std::string_view data) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  Result<std::string> existing = Get(key);
  if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
    return existing.status();
  }
  std::string combined = existing.ok() ? std::move(*existing) : std::string();
  combined.append(data);
  return Put(key, combined);
}

Result<std::string> S3ObjectStore::Get(std::string_view key_in) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  S3Request request;
  request.key = key;
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (!response.ok()) return S3ErrorStatus(response, Context("get", key));
  return std::move(response.body);
}

Result<std::string> S3ObjectStore::RangeGet(const std::string& key, int64_t offset, int64_t length,
                                            const std::string& if_match) const {
  S3Request request;
  request.key = key;
  request.range_offset = offset;
  request.range_length = length;
  if (!if_match.empty()) request.headers.push_back("If-Match: " + if_match);
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (response.http_status == 416) return std::string();  // the range starts past the end
  if (!response.ok()) return S3ErrorStatus(response, Context("get range of", key));
  if (response.http_status == 200 && offset > 0) {
    // A server that ignores Range sends the whole object.
    if (offset >= static_cast<int64_t>(response.body.size())) return std::string();
    return response.body.substr(offset, length);
  }
  if (static_cast<int64_t>(response.body.size()) > length) response.body.resize(length);
  return std::move(response.body);
}

Result<std::string> S3ObjectStore::GetRange(std::string_view key_in, int64_t offset,
                                            int64_t length) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  if (offset < 0 || length < 0)
    return InvalidArgument(Context("get range of", key), ": negative range");
  if (length == 0) {
    LH_RETURN_IF_ERROR(Head(key).status());
    return std::string();
  }
  return RangeGet(key, offset, length, "");
}

Status S3ObjectStore::Delete(std::string_view key_in) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  LH_RETURN_IF_ERROR(Head(key).status());
  if (cache_) cache_->Invalidate(bucket_, key);
  S3Request request;
  request.method = "DELETE";
  request.key = key;
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (!response.ok()) return S3ErrorStatus(response, Context("delete", key));
  return Status::Ok();
}

Result<S3ObjectStore::HeadResult> S3ObjectStore::Head(const std::string& key) const {
  S3Request request;
  request.method = "HEAD";
  request.key = key;
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (!response.ok()) return S3ErrorStatus(response, Context("stat", key));
  HeadResult out;
  out.info.key = key;
  out.info.size_bytes = HeaderInt(response, "content-length");
  const std::string modified = response.Header("last-modified");
  time_t seconds = curl_getdate(modified.c_str(), nullptr);
  out.info.modified_micros = seconds > 0 ? static_cast<int64_t>(seconds) * 1000000 : 0;
  out.etag = response.Header("etag");
  return out;
}

Result<ObjectInfo> S3ObjectStore::Stat(std::string_view key_in) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  LH_ASSIGN_OR_RETURN(HeadResult head, Head(key));
  return head.info;
}

Result<std::vector<ObjectInfo>> S3ObjectStore::List(std::string_view prefix_in) {
  std::string prefix;
  if (!prefix_in.empty()) {
    LH_ASSIGN_OR_RETURN(prefix, ValidateKeyPrefix(prefix_in));
  }
  std::vector<ObjectInfo> out;
  std::string token;
  do {
    S3Request request;
    request.query = {{"list-type", "2"},
                     {"max-keys", std::to_string(options_.list_page_size)},
                     {"prefix", prefix}};
    if (!token.empty()) request.query.emplace_back("continuation-token", token);
    LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
    if (!response.ok()) return S3ErrorStatus(response, Context("list", prefix));
    LH_ASSIGN_OR_RETURN(S3ListPage page, ParseListObjectsV2(response.body));
    for (S3ListedObject& object : page.objects) {
      out.push_back(ObjectInfo{std::move(object.key), object.size_bytes, object.modified_micros});
    }
    token = page.truncated ? page.next_continuation_token : "";
  } while (!token.empty());
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<std::string> S3ObjectStore::LocalPath(std::string_view key) {
  LH_ASSIGN_OR_RETURN(HeldLocalPath held, CachedPath(key, /*hold=*/false));
  return std::move(held.path);
}

Result<HeldLocalPath> S3ObjectStore::HoldLocalPath(std::string_view key) {
  return CachedPath(key, /*hold=*/true);
}

Result<HeldLocalPath> S3ObjectStore::CachedPath(std::string_view key_in, bool hold) {
  LH_ASSIGN_OR_RETURN(std::string key, ValidateObjectKey(key_in));
  if (!cache_) {
    return FailedPrecondition(Context("read", key), ": no local cache for this s3 bucket");
  }
  ObjectCacheSource source;
  source.stat = [&]() -> Result<ObjectCacheSource::Version> {
    LH_ASSIGN_OR_RETURN(HeadResult head, Head(key));
    return ObjectCacheSource::Version{head.info.size_bytes, head.etag};
  };
  source.read = [&](int64_t offset, int64_t length, const std::string& etag) {
    return RangeGet(key, offset, length, etag);
  };
  if (!hold) {
    LH_ASSIGN_OR_RETURN(std::string path, cache_->Acquire(bucket_, key, source));
    return HeldLocalPath{std::move(path), nullptr};
  }
  LH_ASSIGN_OR_RETURN(auto held, cache_->AcquireHeld(bucket_, key, source));
  return HeldLocalPath{std::move(held.first), std::move(held.second)};
}

Result<int64_t> S3ObjectStore::FreeBytes() { return int64_t{-1}; }

Result<int64_t> S3ObjectStore::CountOpenUploads() const {
  S3Request request;
  request.query = {{"uploads", ""}};
  LH_ASSIGN_OR_RETURN(S3Response response, Send(request));
  if (!response.ok()) return S3ErrorStatus(response, Context("list uploads", ""));
  int64_t count = 0;
  for (size_t at = response.body.find("<Upload>"); at != std::string::npos;
       at = response.body.find("<Upload>", at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace lakehouse
