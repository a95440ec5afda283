// ObjectCache: a node-local, size-bounded, read-through cache of remote objects on local disk, so
// DuckDB (which cannot read S3 in our build: no httpfs) reads remote Parquet as local files.
//
// Objects are cached whole at <dir>/<bucket>/<key>. A miss asks the source for the object's size
// and ETag, then fills a temporary file with parallel range reads (each pinned to that ETag, so
// an object replaced mid-fill fails the fill instead of mixing versions), checks that every byte
// arrived, and renames it into place. Cached data files are treated as immutable: a hit does not
// go back to the source; the owning store calls Invalidate when it writes or deletes a key.
//
// Size bound: after each insert the least recently used entries are removed until the total is at
// most capacity_bytes (the entry just inserted is never removed, so one object larger than the
// capacity is still served). A path from Acquire may therefore disappear later; callers that keep
// naming a path (dataset views, snapshot reads) use AcquireHeld instead: a held key is never
// evicted while any copy of its hold lives (holds are counted per key). When the held objects
// alone exceed the capacity the cache grows past it rather than break a reader: stats() reports
// held_bytes and over_capacity, and a warning is logged each time the cache goes over. The
// directory is emptied on Open: the cache starts cold after every restart.
//
// Thread-safety: thread-safe. Concurrent misses of one key may both fetch; the last rename wins
// (both hold the same bytes).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse {

struct ObjectCacheOptions {
  std::string dir;                      // absolute; created, and emptied on Open
  int64_t capacity_bytes = 10LL << 30;  // 10 GiB
  int parallel_reads = 4;               // range reads in flight per fill
  int64_t range_bytes = 8LL << 20;      // bytes per range read
};

// The remote side of a fill.
struct ObjectCacheSource {
  struct Version {
    int64_t size_bytes = 0;
    std::string etag;
  };
  std::function<Result<Version>()> stat;
  // Bytes [offset, offset+length) of the version with `etag`.
  std::function<Result<std::string>(int64_t offset, int64_t length, const std::string& etag)> read;
};

struct ObjectCacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t evictions = 0;
  int64_t bytes = 0;  // currently cached
  int64_t entries = 0;
  int64_t capacity_bytes = 0;
  int64_t held_bytes = 0;  // bytes of cached objects someone holds (never evicted)
  int64_t held_entries = 0;
  bool over_capacity = false;  // held objects keep the cache above capacity_bytes
};

class ObjectCache : public std::enable_shared_from_this<ObjectCache> {
 public:
  static Result<std::shared_ptr<ObjectCache>> Open(ObjectCacheOptions options);

  // The local path of bucket/key, filled from `source` on a miss. Errors of the source are
  // returned as they are; DATA_LOSS when a range came back short.
  Result<std::string> Acquire(std::string_view bucket, std::string_view key,
                              const ObjectCacheSource& source);
  // Acquire, and the key held (never evicted) until every copy of the returned hold is gone. The
  // hold may outlive the cache.
  Result<std::pair<std::string, std::shared_ptr<const void>>> AcquireHeld(
      std::string_view bucket, std::string_view key, const ObjectCacheSource& source);
  // Adopts `local_file` (moved in; same filesystem or copied) as the cached copy of bucket/key.
  // Best effort: a failure leaves the key uncached.
  void Insert(std::string_view bucket, std::string_view key, const std::string& local_file,
              int64_t size_bytes, std::string etag);
  // Forgets bucket/key and removes its file.
  void Invalidate(std::string_view bucket, std::string_view key);

  // <dir>/<bucket>: where the bucket's objects are cached (created by Open on demand).
  std::string BucketDir(std::string_view bucket) const;
  ObjectCacheStats stats() const;
  const ObjectCacheOptions& options() const { return options_; }

 private:
  explicit ObjectCache(ObjectCacheOptions options);
  struct Entry {
    int64_t size_bytes = 0;
    std::string etag;
    std::list<std::string>::iterator lru;  // position in lru_
  };
  std::string PathOf(const std::string& id) const;
  Result<std::pair<std::string, std::shared_ptr<const void>>> AcquireImpl(
      std::string_view bucket, std::string_view key, const ObjectCacheSource& source, bool hold);
  // Fills a temp file with `version`'s bytes.
  Status Fill(const std::string& temp, const ObjectCacheSource& source,
              const ObjectCacheSource::Version& version) const;
  // Records `id` and evicts down to the capacity. Requires mu_.
  void AdmitLocked(const std::string& id, int64_t size_bytes, std::string etag) LH_REQUIRES(mu_);
  void ForgetLocked(const std::string& id) LH_REQUIRES(mu_);
  // Removes least recently used entries nobody holds until the total fits (or only held and
  // `keep` remain). Requires mu_.
  void EvictLocked(const std::string& keep) LH_REQUIRES(mu_);
  // A hold of `id` (counted in holds_) whose release calls Release.
  std::shared_ptr<const void> HoldLocked(const std::string& id) LH_REQUIRES(mu_);
  void Release(const std::string& id);
  bool IsHeldLocked(const std::string& id) const LH_REQUIRES(mu_);

  const ObjectCacheOptions options_;
  mutable Mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_ LH_GUARDED_BY(mu_);  // id = bucket/key
  std::list<std::string> lru_ LH_GUARDED_BY(mu_);                         // front = most recent
  ObjectCacheStats stats_ LH_GUARDED_BY(mu_);
  std::map<std::string, int64_t, std::less<>> holds_ LH_GUARDED_BY(mu_);  // id → live holds
  bool warned_over_capacity_ LH_GUARDED_BY(mu_) = false;
};

}  // namespace lakehouse
