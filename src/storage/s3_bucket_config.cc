#include "storage/s3_bucket_config.h"

#include <cstdlib>
#include <fstream>

namespace lakehouse {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

Result<S3StoreOptions> S3StoreOptionsFor(const BucketOptions& bucket) {
  const std::string context = StrCat("bucket '", bucket.name, "'");
  if (bucket.endpoint.empty()) return InvalidArgument(context, ": an s3 bucket needs an endpoint");
  if (bucket.url_style != "path" && bucket.url_style != "virtual") {
    return InvalidArgument(context, ": url_style must be \"path\" or \"virtual\"");
  }
  S3StoreOptions options;
  options.client.endpoint = bucket.endpoint;
  options.client.region = bucket.region.empty() ? "us-east-1" : bucket.region;
  options.client.bucket = bucket.s3_bucket.empty() ? bucket.name : bucket.s3_bucket;
  options.client.virtual_host = bucket.url_style == "virtual";
  S3Credentials& credentials = options.client.credentials;
  credentials.access_key_id =
      bucket.access_key_id.empty() ? Env("AWS_ACCESS_KEY_ID") : bucket.access_key_id;
  credentials.secret_access_key = bucket.secret_access_key;
  if (credentials.secret_access_key.empty() && !bucket.secret_access_key_file.empty()) {
    std::ifstream in(bucket.secret_access_key_file);
    if (!in || !std::getline(in, credentials.secret_access_key)) {
      return InvalidArgument(context, ": cannot read secret_access_key_file '",
                             bucket.secret_access_key_file, "'");
    }
    while (!credentials.secret_access_key.empty() &&
           (credentials.secret_access_key.back() == '\r' ||
            credentials.secret_access_key.back() == ' ')) {
      credentials.secret_access_key.pop_back();
    }
  }
  if (credentials.secret_access_key.empty()) {
    credentials.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return InvalidArgument(context,
                           ": no s3 credentials (set access_key_id and secret_access_key or "
                           "secret_access_key_file, or AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY)");
  }
  return options;
}

}  // namespace lakehouse
