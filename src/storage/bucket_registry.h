// BucketRegistry: the named buckets of this server and their stores.
//
// Built from StorageOptions and the data directory:
//   - "primary" always exists; unless configured it lives at <data_dir>/buckets/primary.
//   - A bucket root that is empty means <data_dir>/buckets/<name>; a relative root resolves from
//     data_dir. Two buckets may not share or nest roots, and no root may contain the data
//     directory.
//   - Containment: a root, resolved (lexically normalised, every existing part's symlinks
//     followed), must lie under one of StorageOptions::allowed_roots (default: <data_dir>/buckets)
//     and, inside the data directory, under <data_dir>/buckets; PERMISSION_DENIED otherwise, for
//     configured and runtime buckets alike. Roots are created when missing, but only after the
//     check, so a refused root never creates anything.
//   - Buckets added at runtime (Add) are persisted in <data_dir>/buckets.json (bucket_list_file.h)
//     and reopened by the next registry on that directory. A persisted name that the config now
//     also defines is ignored (the config wins).
//   - Remove forgets a runtime-added bucket (persisted at once); its files stay on disk. The
//     primary bucket, the rescue bucket and buckets defined in the config cannot be removed
//     (PERMISSION_DENIED) — a config bucket would reappear on the next start anyway.
//
// Read links (SetReadLinkDir): a sandboxed DuckDB may only read directories fixed when it is locked
// down, but buckets can be added later. With a link directory set, the registry keeps a symlink
// <dir>/<bucket> → the bucket's root for every bucket, also those added or removed at runtime,
// and ReadPath names objects through it; a DuckDB allowed to read <dir> reads every bucket.
//
// Every store handed out is wrapped in a JournalingObjectStore, so each failed operation lands in
// the error journal (error_journal.h) kept in the primary bucket, whoever called it.
//
// Thread-safety: thread-safe (a shared_mutex; Add/Remove take it exclusively). Stores are handed
// out as shared_ptr, so a store stays usable by a caller that got it before a Remove.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/mutex.h"
#include "storage/error_journal.h"
#include "storage/object_cache.h"
#include "storage/object_store.h"
#include "storage/s3_bucket_config.h"
#include "storage/s3_object_store.h"
#include "storage/storage_options.h"

namespace lakehouse {

struct BucketInfo {
  std::string name;
  std::string backend;  // "local" or "s3"
  std::string root;     // local: resolved absolute root; s3: its directory in the read cache
  bool is_primary = false;
  bool is_rescue = false;
  bool from_config = false;  // false: added at runtime and persisted in buckets.json
  // backend "s3" only: the remote bucket and its credentials (ToJson leaves the secret out).
  std::shared_ptr<const S3BucketAccess> s3;
  // backend "s3" only: whether the remote bucket answered the last request (an s3 bucket that is
  // unreachable at start-up is still served, and asked again on each listing once its fail-fast
  // time is over; S3ObjectStore's reachability), and the last failure.
  bool reachable = true;
  std::string error;

  Json ToJson() const;
};

// Opens the (raw, unjournaled) store for a bucket whose root is already resolved. Tests pass their
// own to wrap buckets in a FaultInjectingObjectStore.
using ObjectStoreFactory =
    std::function<Result<std::shared_ptr<ObjectStore>>(const BucketInfo& bucket)>;

// The production factory: a LocalObjectStore for backend "local"; for "s3" an S3ObjectStore (the
// registry probes it: Add refuses a bucket it cannot reach, with the server's reason; Open serves
// an unreachable configured or persisted one and reports it, see BucketInfo::reachable);
// INVALID_ARGUMENT otherwise.
Result<std::shared_ptr<ObjectStore>> OpenBucketStore(const BucketInfo& bucket);

// Bucket names match [a-z0-9][a-z0-9_-]{0,62}; INVALID_ARGUMENT otherwise.
Status ValidateBucketName(std::string_view name);

class BucketRegistry {
 public:
  static constexpr std::string_view kPrimaryBucket = "primary";
  // Default bucket roots live in <data_dir>/<kDefaultBucketsDir>/<name>.
  static constexpr std::string_view kDefaultBucketsDir = "buckets";

  // Creates data_dir when missing. INVALID_ARGUMENT for bad names, duplicate names, overlapping
  // roots, a missing allowed root or a rescue bucket that does not exist; PERMISSION_DENIED for a
  // root outside the allowed roots; DATA_LOSS for an unreadable buckets.json.
  // `clock` must outlive the registry.
  static Result<std::unique_ptr<BucketRegistry>> Open(const StorageOptions& options,
                                                      const std::string& data_dir,
                                                      const Clock& clock,
                                                      ObjectStoreFactory factory = OpenBucketStore);

  // The bucket's (journaling) store; NOT_FOUND naming the valid buckets when there is none.
  Result<std::shared_ptr<ObjectStore>> Get(std::string_view name) const;
  Result<BucketInfo> Describe(std::string_view name) const;
  // All buckets, sorted by name. Unreachable s3 buckets whose fail-fast time is over are probed
  // first (so a bucket that came back is listed reachable).
  std::vector<BucketInfo> List() const;
  // The rescue bucket's name, "" when none is configured. Fixed for the registry's lifetime.
  const std::string& rescue_bucket() const { return rescue_bucket_; }

  // Adds and persists a bucket. INVALID_ARGUMENT (name, backend, root), PERMISSION_DENIED (root
  // outside the allowed roots, s3 endpoint not in StorageOptions::s3_allowed_endpoints),
  // ALREADY_EXISTS.
  Result<BucketInfo> Add(const BucketOptions& options);
  // NOT_FOUND, or PERMISSION_DENIED for primary, rescue and config-defined buckets.
  Status Remove(std::string_view name);

  // Empties (or creates) `dir` and links every bucket into it; later Add/Remove keep it in step.
  // Call once, at start-up. `dir` must be absolute and lie outside every bucket.
  Status SetReadLinkDir(const std::string& dir);
  // The path DuckDB should read `key` of `bucket` by: through the read link when one is set,
  // else the store's LocalPath. NOT_FOUND for an unknown bucket; INVALID_ARGUMENT for a bad key.
  Result<std::string> ReadPath(std::string_view bucket, std::string_view key) const;
  // ReadPath with a hold: an s3 object's cached copy is not evicted while the hold lives. Views
  // and snapshot reads that keep naming a path use this.
  Result<HeldLocalPath> HoldReadPath(std::string_view bucket, std::string_view key) const;

  ErrorJournal& journal() const { return *journal_; }
  // The node-local read cache of s3 objects (held bytes, over capacity).
  ObjectCacheStats s3_cache_stats() const { return s3_cache_->stats(); }

 private:
  struct Entry {
    BucketInfo info;
    BucketOptions options;               // as given, for buckets.json
    std::shared_ptr<ObjectStore> store;  // journaling wrapper
    std::string real_root;               // symlink-free root, set with the read link
    std::shared_ptr<S3ObjectStore> s3;   // the raw store of an s3 bucket (reachability); else null
  };
  // entry.info with the current reachability.
  static BucketInfo InfoOf(const Entry& entry);

  BucketRegistry(std::string data_dir, std::string rescue_bucket, ObjectStoreFactory factory);

  // Canonicalises StorageOptions::allowed_roots into allowed_roots_ (during Open).
  Status ResolveAllowedRoots(const std::vector<std::string>& configured);
  // Normalises StorageOptions::s3_allowed_endpoints (or the config's s3 endpoints) into
  // allowed_endpoints_ (during Open).
  Status ResolveAllowedEndpoints(const StorageOptions& options);
  // For buckets not from the config: PERMISSION_DENIED for an s3 endpoint outside
  // allowed_endpoints_ (or a virtual-host s3_bucket that would change the host name).
  Status CheckEndpointAllowed(const BucketOptions& options) const;
  // PERMISSION_DENIED unless the resolved `root` may hold a bucket.
  Status CheckRootAllowed(const std::string& root, const std::string& context) const;
  // Validates `options`, resolves its root against data_dir and the roots of `buckets_`, and opens
  // the raw store. Requires mu_ held (or no concurrency, during Open).
  // `require_reachable`: an s3 bucket whose probe fails is refused (Add) rather than served and
  // reported unreachable (Open).
  Result<std::shared_ptr<ObjectStore>> OpenRaw(const BucketOptions& options, bool from_config,
                                               bool require_reachable, BucketInfo* info) const
      LH_REQUIRES(mu_);
  Result<HeldLocalPath> ReadPathImpl(std::string_view bucket, std::string_view key,
                                     bool hold) const;
  Status SaveRuntimeBucketsLocked() const LH_REQUIRES(mu_);
  Status UnknownBucketLocked(std::string_view name) const LH_REQUIRES_SHARED(mu_);
  // Creates <read_link_dir_>/<name> → the entry's root (no-op without a link directory).
  Status LinkLocked(Entry& entry) const LH_REQUIRES(mu_);

  const std::string data_dir_;  // absolute, symlink-free
  const std::string rescue_bucket_;
  const ObjectStoreFactory factory_;
  std::vector<std::string> allowed_roots_;      // canonical; set once in Open
  std::vector<std::string> allowed_endpoints_;  // normalised s3 endpoints; set once in Open
  std::unique_ptr<ErrorJournal> journal_;       // set once in Open
  std::shared_ptr<ObjectCache> s3_cache_;       // <data_dir>/cache/s3; set once in Open

  mutable SharedMutex mu_;
  std::map<std::string, Entry, std::less<>> buckets_ LH_GUARDED_BY(mu_);
  std::string read_link_dir_ LH_GUARDED_BY(mu_);  // "" = none
};

}  // namespace lakehouse
