#include "config/config_validation.h"

#include <set>
#include <string>

#include "config/config_keys.h"

namespace lakehouse {
namespace {

Status ValidateBuckets(const StorageOptions& storage) {
  std::set<std::string, std::less<>> names;
  for (size_t i = 0; i < storage.buckets.size(); ++i) {
    const BucketOptions& bucket = storage.buckets[i];
    std::string entry = StrCat(kBucketsPath, "[", std::to_string(i), "]");
    for (const BucketKey& key : BucketKeys()) {
      Status status = key.check(key.get(bucket));
      if (!status.ok()) return status.WithContext(entry);
    }
    if (!names.insert(bucket.name).second) {
      return InvalidArgument(entry, ": bucket name '", bucket.name,
                             "' is used by an earlier bucket; names must be unique");
    }
  }
  const std::string& rescue = storage.rescue_bucket;
  if (!rescue.empty() && rescue != kPrimaryBucket && !names.contains(rescue)) {
    std::string known(kPrimaryBucket);
    for (const std::string& name : names) {
      if (name != kPrimaryBucket) known += ", " + name;
    }
    return InvalidArgument("storage.rescue_bucket '", rescue,
                           "' is not a configured bucket (known: ", known,
                           "); add it under [[storage.buckets]] or leave rescue_bucket empty");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateConfig(const Config& config) {
  for (const ConfigKey& key : ConfigKeys()) LH_RETURN_IF_ERROR(key.check(key.get(config)));
  if (config.sql.query_timeout_ms > config.sql.max_query_timeout_ms) {
    return InvalidArgument("sql.query_timeout_ms (", std::to_string(config.sql.query_timeout_ms),
                           ") must not exceed sql.max_query_timeout_ms (",
                           std::to_string(config.sql.max_query_timeout_ms), ")");
  }
  return ValidateBuckets(config.storage);
}

}  // namespace lakehouse
