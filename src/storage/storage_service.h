// StorageService: the operations behind the /storage HTTP endpoints, one method per endpoint, over
// the BucketRegistry. Handlers parse, call one method, encode.
//
//   PUT    /storage/buckets/{bucket}/objects/{key…}   PutObject / PutObjectFile
//   GET    /storage/buckets/{bucket}/objects/{key…}   GetObject / GetObjectRange (Range header)
//   HEAD   (if routed)                                 StatObject
//   DELETE /storage/buckets/{bucket}/objects/{key…}   DeleteObject
//   GET    /storage/buckets/{bucket}/objects?prefix=  ListObjects
//   GET    /storage/buckets                            ListBuckets
//   POST   /storage/buckets                            CreateBucket
//   DELETE /storage/buckets/{name}                     DeleteBucket
//   GET    /storage/errors?limit=&bucket=              RecentErrors
//   GET    /storage/bucket-health                      CheckBucketHealth
//
// Keys are validated (object_key.h) before any bucket is touched, so INVALID_ARGUMENT never reaches
// a store or the journal. Failures of the stores are journaled by the registry's wrappers.
//
// What the server owns stays out of the object API's reach (CONFLICT, nothing written):
//   - writes (put, delete) of keys under a reserved prefix (kReservedWritePrefixes: dataset data,
//     the error journal, health probes), in every bucket;
//   - writes of an object the catalog references (a dataset's data or delete file, a registered
//     object), as told by `owned_by_catalog`. Reads stay allowed.
// Bucket administration (CreateBucket, DeleteBucket) is PERMISSION_DENIED unless
// `allow_bucket_admin`: the composition root allows it only when API keys are configured.
//
// Rescue fallback: when a read (Get/GetRange/Stat) on a bucket fails with anything but
// INVALID_ARGUMENT and a rescue bucket is configured (and is not the bucket read), the same key is
// read from the rescue bucket. If that succeeds the result says rescue_used (the HTTP layer sets
// "X-Lakehouse-Rescue-Used: true"); if it fails too, the original bucket's error is returned.
// An unknown bucket name is NOT_FOUND without fallback.
//
// Thread-safety: thread-safe. The registry and clock must outlive the service.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "storage/bucket_health.h"
#include "storage/bucket_registry.h"
#include "storage/error_journal.h"
#include "storage/object_store.h"

namespace lakehouse {

struct ReadResult {
  std::string data;
  bool rescue_used = false;
};

struct StatResult {
  ObjectInfo info;
  bool rescue_used = false;
};

// True when the catalog references object `key` of `bucket`; errors fail the write (closed).
using CatalogOwnershipCheck =
    std::function<Result<bool>(std::string_view bucket, std::string_view key)>;

struct StorageServiceOptions {
  // Whether buckets may be added and removed at runtime.
  bool allow_bucket_admin = false;
  // Empty → no object counts as catalog-owned (tests of the storage layer alone).
  CatalogOwnershipCheck owned_by_catalog;
};

class StorageService {
 public:
  // RecentErrors clamps `limit` to this.
  static constexpr size_t kMaxErrorRecords = 1000;
  // Key prefixes the object API never writes: they belong to the server.
  static constexpr std::array<std::string_view, 4> kReservedWritePrefixes = {
      "datasets/", "_errors/", "_health/", "_indexes/"};

  StorageService(BucketRegistry& registry, const Clock& clock, StorageServiceOptions options = {});

  // Objects. `key` is the raw (percent-decoded) key from the URL.
  Status PutObject(std::string_view bucket, std::string_view key, std::string_view data);
  // For streamed uploads: moves the spooled file at `local_path` into the bucket (consumed).
  Status PutObjectFile(std::string_view bucket, std::string_view key,
                       const std::string& local_path);
  Result<ReadResult> GetObject(std::string_view bucket, std::string_view key);
  // Bytes [offset, offset + length); a range past the end is truncated. Negative →
  // INVALID_ARGUMENT.
  Result<ReadResult> GetObjectRange(std::string_view bucket, std::string_view key, int64_t offset,
                                    int64_t length);
  Result<StatResult> StatObject(std::string_view bucket, std::string_view key);
  Status DeleteObject(std::string_view bucket, std::string_view key);  // NOT_FOUND when absent
  // Sorted by key; an invalid prefix → INVALID_ARGUMENT.
  Result<std::vector<ObjectInfo>> ListObjects(std::string_view bucket, std::string_view prefix);

  // Buckets.
  std::vector<BucketInfo> ListBuckets() const;
  // PERMISSION_DENIED without allow_bucket_admin; then BucketRegistry::Add / Remove.
  Result<BucketInfo> CreateBucket(const BucketOptions& options);
  Status DeleteBucket(std::string_view name);

  // Operations. `bucket` "" means all buckets; a malformed name → INVALID_ARGUMENT.
  Result<std::vector<ErrorRecord>> RecentErrors(size_t limit, std::string_view bucket) const;
  // One entry per bucket, sorted by name. Each probe writes and deletes a small object.
  std::vector<BucketHealth> CheckBucketHealth(bool count_objects) const;

 private:
  // Runs `read` on `bucket`, then on the rescue bucket if it failed and fallback applies.
  // `read` maps a store to Result<T>; returns the value and whether the rescue bucket served it.
  template <typename T, typename Read>
  Result<std::pair<T, bool>> ReadWithRescue(std::string_view bucket, Read read);
  // CONFLICT when the object API may not change `key` (normalised) of `bucket`.
  Status CheckWritable(std::string_view bucket, const std::string& key) const;

  BucketRegistry& registry_;
  const Clock& clock_;
  const StorageServiceOptions options_;
};

}  // namespace lakehouse
