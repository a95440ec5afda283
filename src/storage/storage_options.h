// Options for object storage: the buckets the server starts with and where bucket roots may lie.
#pragma once

#include <string>
#include <vector>

namespace lakehouse {

struct BucketOptions {
  std::string name;               // identifier: [a-z0-9][a-z0-9_-]{0,62}
  std::string backend = "local";  // only "local" today; the ObjectStore interface admits "s3" later
  std::string root;               // local backend: directory; relative paths resolve from data_dir
};

struct StorageOptions {
  // Buckets from config. "primary" always exists: when not listed it is created at
  // <data_dir>/buckets/primary.
  std::vector<BucketOptions> buckets;
  // Name of a bucket that reads fall back to when a read on another bucket fails. Empty → none.
  std::string rescue_bucket;
  // Directories every bucket root (configured or added at runtime) must lie under, after
  // canonicalisation with symlinks resolved; relative entries resolve from data_dir and each must
  // exist (except the default). A root outside them is refused before anything is created. Empty
  // (the default) → only <data_dir>/buckets. Whatever is listed, a root inside the data directory
  // must lie under <data_dir>/buckets (the catalog, indexes and temporary files stay private).
  std::vector<std::string> allowed_roots;
};

}  // namespace lakehouse
