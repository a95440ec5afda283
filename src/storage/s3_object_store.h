// S3ObjectStore: an ObjectStore over one bucket of an S3-compatible service (AWS S3, MinIO,
// Swift's s3api), through S3Client (SigV4-signed libcurl requests).
//
// Writes: Put and PutFile send one PUT up to multipart_threshold_bytes and a multipart upload
// above it (parts of part_size_bytes, each retried on its own by the client, so a transient
// failure costs one part, not the file). An upload that cannot finish is aborted, so a failed
// write leaves the old object (or none) and no parts behind: S3 publishes an object only when its
// PUT or CompleteMultipartUpload succeeds. Append is read-modify-write (S3 has no append); it is
// meant for the error journal, whose writers tolerate that.
//
// Reads: Get, GetRange (Range header; a range past the end is truncated), Stat (HEAD), List
// (ListObjectsV2, paged by continuation token, list_page_size keys per page). Delete is
// NOT_FOUND for a missing key (a HEAD first; S3's DELETE does not say).
//
// LocalPath: DuckDB reads local files only, so LocalPath returns the key's copy in the node's
// ObjectCache (object_cache.h), fetched with parallel range GETs on a miss; FAILED_PRECONDITION
// without a cache. PutFile seeds the cache with the file it uploaded; Put, Append and Delete
// invalidate the key.
//
// Reachability: a request that fails in transport after its retries (UNAVAILABLE: connection
// refused, timeouts) marks the bucket unreachable; for unreachable_retry_ms after that, requests
// fail at once with UNAVAILABLE instead of waiting on the network again, and then the next one
// tries. Any answer from the server marks it reachable. Probe always asks the server and records
// its outcome (a refused secret is "unreachable" too, without closing the gate).
//
// Errors: S3ErrorStatus (s3_client.h) — e.g. a wrong secret is PERMISSION_DENIED "HTTP 403
// SignatureDoesNotMatch"; messages name the lakehouse bucket and key, never credentials.
//
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/mutex.h"
#include "storage/object_cache.h"
#include "storage/object_store.h"
#include "storage/s3_client.h"

namespace lakehouse {

struct S3StoreOptions {
  S3ClientOptions client;
  int64_t multipart_threshold_bytes = 64LL << 20;
  int64_t part_size_bytes = 16LL << 20;  // S3's minimum is 5 MiB (all parts but the last)
  int list_page_size = 1000;             // max-keys per ListObjectsV2 page (1..1000)
  int64_t unreachable_retry_ms = 5000;   // fail fast this long after a transport failure
};

struct S3Reachability {
  bool reachable = true;
  std::string error;  // the last failure ("" when reachable)
};

class S3ObjectStore final : public ObjectStore {
 public:
  // `bucket` is the lakehouse bucket name (messages, cache directory). `cache` may be null.
  static Result<std::unique_ptr<S3ObjectStore>> Open(std::string bucket, S3StoreOptions options,
                                                     std::shared_ptr<ObjectCache> cache);

  // HEAD of the remote bucket: OK when it exists and the credentials are accepted. Records the
  // outcome (reachability()).
  Status Probe() const;
  S3Reachability reachability() const;
  // Unreachable, and the fail-fast time is over: a Probe may find it back.
  bool ProbeDue() const;
  // Creates the remote bucket (PUT bucket); OK when it already exists and is ours.
  Status CreateRemoteBucket() const;

  Status Put(std::string_view key, std::string_view data) override;
  Status PutFile(std::string_view key, const std::string& local_path) override;
  Status Append(std::string_view key, std::string_view data) override;
  bool HasNativeAppend() const override { return false; }
  Result<std::string> Get(std::string_view key) override;
  Result<std::string> GetRange(std::string_view key, int64_t offset, int64_t length) override;
  Status Delete(std::string_view key) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override;
  Result<std::string> LocalPath(std::string_view key) override;
  // The cached copy, held: never evicted while the hold lives (dataset views, snapshot reads).
  Result<HeldLocalPath> HoldLocalPath(std::string_view key) override;
  Result<int64_t> FreeBytes() override;

  // Multipart uploads of this store still open at the server (for tests: none after a failure).
  Result<int64_t> CountOpenUploads() const;
  const S3Client& client() const { return *client_; }

 private:
  S3ObjectStore(std::string bucket, S3StoreOptions options, std::unique_ptr<S3Client> client,
                std::shared_ptr<ObjectCache> cache);

  using TimePoint = std::chrono::steady_clock::time_point;
  Status ProbeOnce() const;
  // client_->Send behind the reachability gate, recording the outcome.
  Result<S3Response> Send(const S3Request& request) const;
  TimePoint RetryAtLocked() const LH_REQUIRES(state_mu_);

  struct HeadResult {
    ObjectInfo info;
    std::string etag;
  };
  Result<HeadResult> Head(const std::string& key) const;
  // Single PUT; returns the ETag.
  Result<std::string> PutObject(const std::string& key, std::string_view data) const;
  // Multipart upload of `size` bytes supplied by `read_part(offset, length)`; returns the ETag.
  Result<std::string> PutMultipart(
      const std::string& key, int64_t size,
      const std::function<Result<std::string>(int64_t, int64_t)>& read_part) const;
  Result<std::string> RangeGet(const std::string& key, int64_t offset, int64_t length,
                               const std::string& if_match) const;
  std::string Context(std::string_view op, std::string_view key) const;
  Result<HeldLocalPath> CachedPath(std::string_view key, bool hold);

  const std::string bucket_;
  const S3StoreOptions options_;
  const std::unique_ptr<S3Client> client_;
  const std::shared_ptr<ObjectCache> cache_;

  mutable Mutex state_mu_;
  mutable bool reachable_ LH_GUARDED_BY(state_mu_) = true;
  mutable std::string error_ LH_GUARDED_BY(state_mu_);
  mutable TimePoint retry_at_ LH_GUARDED_BY(state_mu_);
};

}  // namespace lakehouse
