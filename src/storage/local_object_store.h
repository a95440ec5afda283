// LocalObjectStore: an ObjectStore over a directory on the local filesystem. Object "a/b.parquet"
// is the file <root>/a/b.parquet.
//
// Durability: Put writes a temporary file in the object's directory, fsyncs it, renames it over the
// object and fsyncs the directory, so a reader (or a crash) sees the old object or the new one.
// PutFile renames the source in when it is on the same filesystem, else copies it the same way.
// Temporary files use the reserved prefix ".lh-tmp." (object_key.h) and are never listed.
//
// Containment: keys are validated with ValidateObjectKey, and every path component that exists is
// checked so a symlink cannot lead outside the root (its resolved path must stay under the
// resolved root); such keys are refused with PERMISSION_DENIED. Symlinks that stay inside are
// followed.
//
// Directories are created on demand and removed again when Delete leaves them empty. A key whose
// directory would collide with an existing object ("a" exists, put "a/b") → FAILED_PRECONDITION.
// Errors map errno as ErrnoToStatus (durable_file.h) does, with messages that name the bucket and
// key but never the filesystem path.
//
// Thread-safety: thread-safe; the last of concurrent Puts to one key wins. Reads take no lock.
// Writes share a lock that only directory pruning takes exclusively (and only if it is free).
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/mutex.h"
#include "storage/object_store.h"

namespace lakehouse {

class LocalObjectStore final : public ObjectStore {
 public:
  // Creates `root` (and missing parents) when absent. `root` must be absolute; `bucket` is used
  // only in error messages.
  static Result<std::unique_ptr<LocalObjectStore>> Open(std::string bucket,
                                                        const std::string& root);

  // The resolved (symlink-free) root directory.
  const std::string& root() const { return root_; }

  Status Put(std::string_view key, std::string_view data) override;
  Status PutFile(std::string_view key, const std::string& local_path) override;
  Status Append(std::string_view key, std::string_view data) override;
  Result<std::string> Get(std::string_view key) override;
  Result<std::string> GetRange(std::string_view key, int64_t offset, int64_t length) override;
  Status Delete(std::string_view key) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override;
  Result<std::string> LocalPath(std::string_view key) override;
  Result<int64_t> FreeBytes() override;

 private:
  LocalObjectStore(std::string bucket, std::string root);

  // How ResolveKey treats missing components.
  enum class Resolve {
    kExisting,       // reads: a missing component → NOT_FOUND
    kCreateParents,  // writes: missing directories are created
    kAnyPath,        // LocalPath: missing components are fine, nothing is created
  };
  struct ResolvedKey {
    std::string key;   // normalised
    std::string path;  // absolute
  };
  // Validates `key` and maps it to its path, checking every existing component: a symlink must
  // resolve under the root, and a write may not need an object to act as a directory.
  Result<ResolvedKey> ResolveKey(std::string_view key, std::string_view op, Resolve mode) const;
  bool IsUnderRoot(const std::string& real_path) const;
  // Removes now-empty directories from `path`'s parent up to (not including) the root.
  void PruneEmptyParents(const std::string& path) const;
  Status ListDirectory(const std::string& dir, const std::string& key_prefix,
                       std::string_view prefix, std::vector<ObjectInfo>* out) const;
  std::string Context(std::string_view op, std::string_view key) const;

  const std::string bucket_;
  const std::string root_;
  // Writers hold this shared from creating an object's directory until the object (or its
  // temporary file) is in it; PruneEmptyParents removes directories only while holding it
  // exclusively, so it never pulls a directory from under a write.
  mutable SharedMutex dirs_mu_;
};

}  // namespace lakehouse
