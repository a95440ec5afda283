#include "storage/storage_service.h"

#include <algorithm>
#include <utility>

#include "storage/object_key.h"

namespace lakehouse {

namespace {

Status BucketAdminDenied() {
  return PermissionDenied(
      "adding or removing buckets at runtime needs authentication: configure server.api_keys "
      "(or LAKEHOUSE_API_KEYS), or list the bucket under [[storage.buckets]] in the config");
}

}  // namespace

StorageService::StorageService(BucketRegistry& registry, const Clock& clock,
                               StorageServiceOptions options)
    : registry_(registry), clock_(clock), options_(std::move(options)) {}

Status StorageService::CheckWritable(std::string_view bucket, const std::string& key) const {
  for (std::string_view prefix : kReservedWritePrefixes) {
    if (key.starts_with(prefix)) {
      return Conflict("object '", key, "' is under '", prefix,
                      "', which the server manages; the object API does not write there");
    }
  }
  if (!options_.owned_by_catalog) return Status::Ok();
  LH_ASSIGN_OR_RETURN(bool owned, options_.owned_by_catalog(bucket, key));
  if (owned) {
    return Conflict("object '", key, "' in bucket '", bucket,
                    "' belongs to a dataset in the catalog and is read-only through the object "
                    "API; change the dataset through /ingest or /catalog instead");
  }
  return Status::Ok();
}

template <typename T, typename Read>
Result<std::pair<T, bool>> StorageService::ReadWithRescue(std::string_view bucket, Read read) {
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, registry_.Get(bucket));
  Result<T> first = read(*store);
  if (first.ok()) return std::pair<T, bool>(std::move(first).value(), false);

  const std::string& rescue = registry_.rescue_bucket();
  if (first.status().code() == StatusCode::kInvalidArgument || rescue.empty() || rescue == bucket) {
    return first.status();
  }
  Result<std::shared_ptr<ObjectStore>> rescue_store = registry_.Get(rescue);
  if (!rescue_store.ok()) return first.status();
  Result<T> second = read(**rescue_store);
  if (!second.ok()) return first.status();
  return std::pair<T, bool>(std::move(second).value(), true);
}

Status StorageService::PutObject(std::string_view bucket, std::string_view key,
                                 std::string_view data) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateObjectKey(key));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, registry_.Get(bucket));
  LH_RETURN_IF_ERROR(CheckWritable(bucket, normal));
  return store->Put(normal, data);
}

Status StorageService::PutObjectFile(std::string_view bucket, std::string_view key,
                                     const std::string& local_path) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateObjectKey(key));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, registry_.Get(bucket));
  LH_RETURN_IF_ERROR(CheckWritable(bucket, normal));
  return store->PutFile(normal, local_path);
}

Result<ReadResult> StorageService::GetObject(std::string_view bucket, std::string_view key) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateObjectKey(key));
  LH_ASSIGN_OR_RETURN(auto read, ReadWithRescue<std::string>(bucket, [&](ObjectStore& store) {
                        return store.Get(normal);
                      }));
  return ReadResult{std::move(read.first), read.second};
}

Result<ReadResult> StorageService::GetObjectRange(std::string_view bucket, std::string_view key,
                                                  int64_t offset, int64_t length) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateObjectKey(key));
  if (offset < 0 || length < 0) {
    return InvalidArgument("range offset and length must be non-negative");
  }
  LH_ASSIGN_OR_RETURN(auto read, ReadWithRescue<std::string>(bucket, [&](ObjectStore& store) {
                        return store.GetRange(normal, offset, length);
                      }));
  return ReadResult{std::move(read.first), read.second};
}

Result<StatResult> StorageService::StatObject(std::string_view bucket, std::string_view key) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateObjectKey(key));
  LH_ASSIGN_OR_RETURN(auto read, ReadWithRescue<ObjectInfo>(bucket, [&](ObjectStore& store) {
                        return store.Stat(normal);
                      }));
  return StatResult{std::move(read.first), read.second};
}

Status StorageService::DeleteObject(std::string_view bucket, std::string_view key) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateObjectKey(key));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, registry_.Get(bucket));
  LH_RETURN_IF_ERROR(CheckWritable(bucket, normal));
  return store->Delete(normal);
}

Result<std::vector<ObjectInfo>> StorageService::ListObjects(std::string_view bucket,
                                                            std::string_view prefix) {
  LH_ASSIGN_OR_RETURN(std::string normal, ValidateKeyPrefix(prefix));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, registry_.Get(bucket));
  return store->List(normal);
}

std::vector<BucketInfo> StorageService::ListBuckets() const { return registry_.List(); }

Result<BucketInfo> StorageService::CreateBucket(const BucketOptions& options) {
  if (!options_.allow_bucket_admin) return BucketAdminDenied();
  return registry_.Add(options);
}

Status StorageService::DeleteBucket(std::string_view name) {
  if (!options_.allow_bucket_admin) return BucketAdminDenied();
  return registry_.Remove(name);
}

Result<std::vector<ErrorRecord>> StorageService::RecentErrors(size_t limit,
                                                              std::string_view bucket) const {
  // Any well-formed name may be asked for: a removed bucket's past errors stay readable.
  if (!bucket.empty()) LH_RETURN_IF_ERROR(ValidateBucketName(bucket));
  return registry_.journal().Recent(std::min(limit, kMaxErrorRecords), bucket);
}

std::vector<BucketHealth> StorageService::CheckBucketHealth(bool count_objects) const {
  std::vector<BucketHealth> out;
  for (const BucketInfo& info : registry_.List()) {
    Result<std::shared_ptr<ObjectStore>> store = registry_.Get(info.name);
    if (!store.ok()) continue;  // removed since the listing
    out.push_back(ProbeBucket(info.name, **store, clock_, count_objects));
  }
  return out;
}

}  // namespace lakehouse
