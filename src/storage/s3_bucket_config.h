// S3 buckets of the registry: their options resolved into what S3ObjectStore needs, credentials
// included (from the bucket's options, its secret file or the AWS_* environment variables).
//
// Thread-safety: stateless functions; S3BucketAccess is immutable once built.
#pragma once

#include <memory>

#include "common/result.h"
#include "storage/object_cache.h"
#include "storage/s3_object_store.h"
#include "storage/storage_options.h"

namespace lakehouse {

// How a registry bucket of backend "s3" reaches its remote bucket. Holds the secret: never
// serialised (BucketInfo::ToJson shows endpoint, region, remote bucket and url style only).
struct S3BucketAccess {
  S3StoreOptions store;
  std::shared_ptr<ObjectCache> cache;  // the node's read cache, shared by all s3 buckets
};

// INVALID_ARGUMENT for a missing endpoint, a bad url_style, missing credentials or an unreadable
// secret file (the message names the file, never its content).
Result<S3StoreOptions> S3StoreOptionsFor(const BucketOptions& bucket);

}  // namespace lakehouse
