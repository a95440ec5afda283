// Options for object storage: the buckets the server starts with and where bucket roots may lie.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakehouse {

struct BucketOptions {
  std::string name;               // identifier: [a-z0-9][a-z0-9_-]{0,62}
  std::string backend = "local";  // "local" or "s3"
  std::string root;               // local backend: directory; relative paths resolve from data_dir

  // backend "s3" (ADR 017); unused by "local".
  std::string endpoint = "";  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:9000"
  std::string region = "us-east-1";
  std::string s3_bucket = "";      // remote bucket name; "" = the same as `name`
  std::string url_style = "path";  // "path" (host/bucket/key) or "virtual" (bucket.host/key)
  // Credentials: access_key_id, else env AWS_ACCESS_KEY_ID; secret_access_key, else the first line
  // of secret_access_key_file, else env AWS_SECRET_ACCESS_KEY. Never logged or returned.
  std::string access_key_id = "";
  std::string secret_access_key = "";
  std::string secret_access_key_file = "";
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
  // Node-local read cache of objects of s3 buckets (<data_dir>/cache/s3), in bytes; least recently
  // used objects are evicted past it. Emptied at start-up.
  int64_t s3_cache_bytes = 10LL << 30;
  // Endpoints an s3 bucket added at runtime (POST /storage/buckets, and buckets.json at start-up)
  // may use, compared as scheme://host:port[/path] (NormalizedS3Endpoint). Empty (the default) →
  // only the endpoints of the s3 buckets in the config file, so an admin key cannot point the
  // server at internal hosts (169.254.169.254, localhost services). Runtime virtual-host buckets
  // must also have an s3_bucket without dots (it becomes part of the host name).
  std::vector<std::string> s3_allowed_endpoints = {};
};

}  // namespace lakehouse
