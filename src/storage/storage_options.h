// Options for object storage: the buckets the server starts with.
#pragma once

#include <string>
#include <vector>

namespace lakehouse {

struct BucketOptions {
  std::string name;              // identifier: [a-z0-9][a-z0-9_-]{0,62}
  std::string backend = "local"; // only "local" today; the ObjectStore interface admits "s3" later
  std::string root;              // local backend: directory; relative paths resolve from data_dir
};

struct StorageOptions {
  // Buckets from config. "primary" always exists: when not listed it is created at
  // <data_dir>/buckets/primary.
  std::vector<BucketOptions> buckets;
  // Name of a bucket that reads fall back to when a read on another bucket fails. Empty → none.
  std::string rescue_bucket;
};

}  // namespace lakehouse
