#include "storage/bucket_list_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/json.h"
#include "storage/durable_file.h"

namespace lakehouse {
namespace {

constexpr int kFormatVersion = 1;

Status Corrupt(std::string_view why) {
  return DataLoss(kBucketListFileName, " is corrupt (", why, "); fix or remove it and restart");
}

}  // namespace

Result<std::vector<BucketOptions>> LoadBucketList(const std::string& path) {
  std::vector<BucketOptions> buckets;
  if (::access(path.c_str(), F_OK) != 0) {
    if (errno == ENOENT) return buckets;
    return ErrnoToStatus(errno, kBucketListFileName);
  }
  LH_ASSIGN_OR_RETURN(std::string text, ReadFileRange(path, 0, -1, kBucketListFileName));
  Result<Json> json = ParseJson(text);
  if (!json.ok()) return Corrupt(json.status().message());
  if (!json->is_object()) return Corrupt("not a JSON object");
  Result<std::optional<int64_t>> version = OptionalInt(*json, "version");
  if (!version.ok() || version->value_or(0) != kFormatVersion) {
    return Corrupt("unsupported or missing version");
  }
  auto list = json->find("buckets");
  if (list == json->end() || !list->is_array()) return Corrupt("'buckets' is not an array");
  for (const Json& item : *list) {
    BucketOptions bucket;
    Result<std::string> name = RequiredString(item, "name");
    Result<std::string> backend = RequiredString(item, "backend");
    Result<std::string> root = RequiredString(item, "root");
    if (!name.ok() || !backend.ok() || !root.ok()) {
      return Corrupt("a bucket entry lacks name, backend or root");
    }
    BucketOptions options{*name, *backend, *root};
    if (options.backend == "s3") {
      const auto text = [&](const char* field, std::string* out) {
        Result<std::optional<std::string>> value = OptionalString(item, field);
        if (value.ok() && value->has_value()) *out = **value;
      };
      text("endpoint", &options.endpoint);
      text("region", &options.region);
      text("s3_bucket", &options.s3_bucket);
      text("url_style", &options.url_style);
      text("access_key_id", &options.access_key_id);
      text("secret_access_key", &options.secret_access_key);
      text("secret_access_key_file", &options.secret_access_key_file);
    }
    buckets.push_back(std::move(options));
  }
  return buckets;
}

Status SaveBucketList(const std::string& path, const std::vector<BucketOptions>& buckets) {
  Json list = Json::array();
  for (const BucketOptions& bucket : buckets) {
    Json entry{{"name", bucket.name}, {"backend", bucket.backend}, {"root", bucket.root}};
    if (bucket.backend == "s3") {
      // A runtime s3 bucket is reopened from here after a restart, so its secret is kept (the
      // file is private to the server: mode 0600 below). Prefer secret_access_key_file or env.
      entry["endpoint"] = bucket.endpoint;
      entry["region"] = bucket.region;
      entry["s3_bucket"] = bucket.s3_bucket;
      entry["url_style"] = bucket.url_style;
      entry["access_key_id"] = bucket.access_key_id;
      entry["secret_access_key"] = bucket.secret_access_key;
      entry["secret_access_key_file"] = bucket.secret_access_key_file;
    }
    list.push_back(std::move(entry));
  }
  Json document{{"version", kFormatVersion}, {"buckets", std::move(list)}};
  LH_RETURN_IF_ERROR(WriteFileAtomically(path, DumpJson(document, 2) + "\n", kBucketListFileName));
  ::chmod(path.c_str(), 0600);
  return Status::Ok();
}

}  // namespace lakehouse
