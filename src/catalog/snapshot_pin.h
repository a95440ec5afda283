// Snapshot pins: how readers keep the files of the version they read from being deleted.
//
// A reader obtains a SnapshotPin from Metastore::PinSnapshot. While the pin lives, the version it
// names stays readable: the file reaper only deletes a removed file when its version_removed is ≤
// the oldest version pinned on that dataset (a reader of version p reads files with version_added
// ≤ p < version_removed, so files removed at or before p are not needed by it), or any removed
// file when nothing is pinned.
//
// Thread-safety: SnapshotRegistry is thread-safe. A SnapshotPin is a move-only value owned by one
// reader; it must not outlive the Metastore that issued it.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/dataset_version.h"
#include "common/mutex.h"

namespace lakehouse {

class SnapshotRegistry;

class SnapshotPin {
 public:
  SnapshotPin(SnapshotPin&& other) noexcept;
  SnapshotPin& operator=(SnapshotPin&& other) noexcept;
  SnapshotPin(const SnapshotPin&) = delete;
  SnapshotPin& operator=(const SnapshotPin&) = delete;
  ~SnapshotPin();

  const std::string& dataset_id() const { return dataset_id_; }
  int64_t version() const { return version_; }
  // The data files that make up the pinned version, in commit order.
  const std::vector<DataFile>& files() const { return files_; }

 private:
  friend class SnapshotRegistry;
  SnapshotPin(SnapshotRegistry* registry, std::string dataset_id, int64_t version,
              std::vector<DataFile> files);
  void Release();

  SnapshotRegistry* registry_;  // null once released or moved from
  std::string dataset_id_;
  int64_t version_;
  std::vector<DataFile> files_;
};

class SnapshotRegistry {
 public:
  SnapshotPin Pin(std::string dataset_id, int64_t version, std::vector<DataFile> files);
  // The oldest pinned version per dataset; datasets without pins are absent.
  std::map<std::string, int64_t> OldestPinned() const;
  int64_t pin_count() const;

 private:
  friend class SnapshotPin;
  void Unpin(const std::string& dataset_id, int64_t version);

  mutable Mutex mu_;
  std::map<std::string, std::map<int64_t, int64_t>> pins_
      LH_GUARDED_BY(mu_);  // dataset → version → count
};

}  // namespace lakehouse
