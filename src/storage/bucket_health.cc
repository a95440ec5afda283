#include "storage/bucket_health.h"

#include "common/ids.h"

namespace lakehouse {
namespace {

constexpr char kProbePrefix[] = "_health/";
constexpr char kProbePayload[] = "lakehouse bucket health probe";

Status ProbeReadWrite(ObjectStore& store, const std::string& key) {
  LH_RETURN_IF_ERROR(store.Put(key, kProbePayload));
  Result<std::string> read = store.Get(key);
  Status cleanup = store.Delete(key);
  LH_RETURN_IF_ERROR(read);
  if (*read != kProbePayload) return DataLoss("probe object read back different bytes");
  return cleanup;
}

}  // namespace

Json BucketHealth::ToJson() const {
  Json json{{"bucket", bucket},
            {"reachable", reachable},
            {"free_bytes", free_bytes},
            {"probe_micros", probe_micros}};
  if (!error.empty()) json["error"] = error;
  if (object_count >= 0) json["object_count"] = object_count;
  return json;
}

BucketHealth ProbeBucket(const std::string& bucket, ObjectStore& store, const Clock& clock,
                         bool count_objects) {
  BucketHealth health;
  health.bucket = bucket;
  const int64_t start = clock.MonotonicMicros();

  Status status;
  if (count_objects) {
    Result<std::vector<ObjectInfo>> all = store.List("");
    if (all.ok()) health.object_count = static_cast<int64_t>(all->size());
    status = all.status();
  } else {
    // Listing a prefix that holds at most in-flight probes still proves the root is listable.
    status = store.List(kProbePrefix).status();
  }
  if (status.ok()) status = ProbeReadWrite(store, StrCat(kProbePrefix, "probe-", NewRequestId()));
  Result<int64_t> free_bytes = store.FreeBytes();
  if (free_bytes.ok()) health.free_bytes = *free_bytes;

  health.reachable = status.ok();
  if (!status.ok()) health.error = status.ToString();
  health.probe_micros = clock.MonotonicMicros() - start;
  return health;
}

}  // namespace lakehouse
