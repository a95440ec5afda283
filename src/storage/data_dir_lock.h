// DataDirLock: the exclusive lock a server holds on its data directory for its whole life, as
// LevelDB does with its LOCK file. Two servers on one directory would each collect the other's
// uncommitted files as orphans and clean the other's temporary directories.
//
// Acquire opens (creating) <data_dir>/LOCK, takes flock(LOCK_EX | LOCK_NB) on it and writes the
// holder's PID into it. The kernel drops the lock when the holder exits, however it exits
// (kill -9 included), so a stale LOCK file never blocks a restart. A second Acquire while the lock
// is held — from another process or from this one — fails with FAILED_PRECONDITION naming the
// PID that holds it.
//
// Thread-safety: a move-only value; the lock is released when the object is destroyed.
#pragma once

#include <string>
#include <utility>

#include "common/result.h"

namespace lakehouse {

class DataDirLock {
 public:
  static constexpr const char* kFileName = "LOCK";

  // `data_dir` must exist. FAILED_PRECONDITION when another holder has the lock; the errno's
  // Status when the file cannot be opened.
  static Result<DataDirLock> Acquire(const std::string& data_dir);

  DataDirLock(DataDirLock&& other) noexcept;
  DataDirLock& operator=(DataDirLock&& other) noexcept;
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;
  ~DataDirLock();

  const std::string& path() const { return path_; }

 private:
  DataDirLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_ = -1;
  std::string path_;
};

}  // namespace lakehouse
