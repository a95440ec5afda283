// UploadSpool: a request body streamed to a temporary file under a spool directory, so uploads
// are never held whole in memory. The file is removed on destruction unless it was handed to a
// store (ObjectStore::PutFile moves it). Appends are gathered in 1 MiB buffers (HTTP bodies
// arrive in 4 KiB pieces, and one write() per piece cost more than the copy); each full buffer is
// hashed and written by SpoolWriter's helper threads while the caller fills the next one, so the
// receiving thread only copies. Up to 4 MiB of buffers per spool (1 filling, SpoolWriter's queue
// of 2, 1 being worked on).
//
// Thread-safety: externally synchronised (one request); the helper threads are internal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/spool_writer.h"

namespace lakehouse {

class UploadSpool {
 public:
  // Creates an empty temp file in `spool_dir` (created when missing). `max_bytes` < 0: no limit.
  // `observer` (optional) sees all appended bytes, in order, on a helper thread; it is done
  // when Finish returns.
  static Result<std::unique_ptr<UploadSpool>> Create(const std::string& spool_dir,
                                                     int64_t max_bytes = -1,
                                                     SpoolObserver observer = nullptr);
  ~UploadSpool();
  UploadSpool(const UploadSpool&) = delete;
  UploadSpool& operator=(const UploadSpool&) = delete;

  // Appends bytes; PAYLOAD_TOO_LARGE past max_bytes, UNAVAILABLE on I/O errors,
  // INSUFFICIENT_STORAGE when the disk is full.
  Status Append(std::string_view bytes);
  // Flushes and closes the file; afterwards path() holds the complete upload.
  Status Finish();

  const std::string& path() const { return path_; }
  int64_t size() const { return size_; }
  // SHA-256 of everything appended (valid after Finish).
  const std::string& sha256() const { return sha256_; }

 private:
  UploadSpool(std::string path, int fd, int64_t max_bytes, SpoolObserver observer);

  std::string path_;
  int fd_ = -1;
  int64_t max_bytes_;
  int64_t size_ = 0;                     // bytes appended, buffered ones included
  std::string buffer_;                   // filling; handed to writer_ when full
  std::unique_ptr<SpoolWriter> writer_;  // until Finish
  std::string sha256_;
};

}  // namespace lakehouse
