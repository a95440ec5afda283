#include "storage/bucket_list_file.h"

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
    buckets.push_back(BucketOptions{*name, *backend, *root});
  }
  return buckets;
}

Status SaveBucketList(const std::string& path, const std::vector<BucketOptions>& buckets) {
  Json list = Json::array();
  for (const BucketOptions& bucket : buckets) {
    list.push_back(Json{{"name", bucket.name}, {"backend", bucket.backend}, {"root", bucket.root}});
  }
  Json document{{"version", kFormatVersion}, {"buckets", std::move(list)}};
  return WriteFileAtomically(path, DumpJson(document, 2) + "\n", kBucketListFileName);
}

}  // namespace lakehouse
