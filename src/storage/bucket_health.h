// Bucket health: probes one bucket's store the way an operator would check a disk.
//
// A bucket is reachable when its root can be listed and a probe object can be written, read back
// intact and deleted (key "_health/probe-<random>", so concurrent probes never collide). The
// first failing step is reported. Free bytes come from the store (-1 when unknown); the object
// count needs a full listing and is only taken on request.
//
// Thread-safety: ProbeBucket is thread-safe (the store is).
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"
#include "common/json.h"
#include "storage/object_store.h"

namespace lakehouse {

struct BucketHealth {
  std::string bucket;
  bool reachable = false;
  std::string error;          // the first failing step's status; "" when reachable
  int64_t free_bytes = -1;    // -1 when unknown
  int64_t object_count = -1;  // -1 when not counted
  int64_t probe_micros = 0;   // wall time of the probe

  Json ToJson() const;
};

BucketHealth ProbeBucket(const std::string& bucket, ObjectStore& store, const Clock& clock,
                         bool count_objects);

}  // namespace lakehouse
