// ObjectStore: a flat key → bytes store (one bucket). The local-filesystem backend is the first
// implementation; the interface admits an S3-compatible one without touching callers.
//
// Keys are '/'-separated relative paths validated by ValidateObjectKey (storage/object_key.h):
// no "..", no absolute paths, no NUL or control characters. Writes are atomic: a reader sees the
// old object or the new one, never a partial one.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lakehouse {

// A local path with a hold: while any copy of `hold` lives, the file stays at `path` (a remote
// backend's read cache never evicts it). Local backends need no hold (null).
struct HeldLocalPath {
  std::string path;
  std::shared_ptr<const void> hold;
};

struct ObjectInfo {
  std::string key;
  int64_t size_bytes = 0;
  int64_t modified_micros = 0;  // epoch microseconds
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Writes `data` under `key`, replacing any existing object atomically.
  virtual Status Put(std::string_view key, std::string_view data) = 0;
  // Moves a local file into the store under `key` (atomic; the source is consumed). Lets large
  // uploads and Parquet outputs avoid a copy through memory.
  virtual Status PutFile(std::string_view key, const std::string& local_path) = 0;
  // Appends `data` to the object under `key`, creating it when absent. Unlike Put this is not
  // atomic for readers: a concurrent Get may see the object without the appended tail (never a
  // corrupted middle). Meant for logs such as the error journal; remote backends without a native
  // append may implement it as read-modify-write.
  virtual Status Append(std::string_view key, std::string_view data) = 0;
  // False when Append is a read-modify-write (S3): O(size) and racy between processes, so logs
  // written from many nodes should write one object per record instead (the error journal does).
  virtual bool HasNativeAppend() const { return true; }
  virtual Result<std::string> Get(std::string_view key) = 0;
  // Bytes [offset, offset+length) of the object; a range past the end is truncated.
  virtual Result<std::string> GetRange(std::string_view key, int64_t offset, int64_t length) = 0;
  virtual Status Delete(std::string_view key) = 0;  // NOT_FOUND when absent
  virtual Result<ObjectInfo> Stat(std::string_view key) = 0;
  // Objects whose key starts with `prefix`, sorted by key.
  virtual Result<std::vector<ObjectInfo>> List(std::string_view prefix) = 0;
  // A path DuckDB can read directly (local backend: the absolute file path). Remote backends
  // return the URL DuckDB would use (e.g. s3://…).
  virtual Result<std::string> LocalPath(std::string_view key) = 0;
  // LocalPath held for as long as the caller keeps the hold (dataset views hold the files they
  // name). The default holds nothing: the path of a local backend stays valid by itself.
  virtual Result<HeldLocalPath> HoldLocalPath(std::string_view key) {
    Result<std::string> path = LocalPath(key);
    if (!path.ok()) return path.status();
    return HeldLocalPath{std::move(*path), nullptr};
  }
  // Free bytes at the backend, for bucket health; -1 when unknown.
  virtual Result<int64_t> FreeBytes() = 0;
};

}  // namespace lakehouse
