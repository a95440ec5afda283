#include "storage/write_behind.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "common/mutex.h"

namespace lakehouse {
namespace {

void SyncFileRange(int fd, int64_t offset, int64_t length) {
  (void)::sync_file_range(fd, static_cast<off64_t>(offset), static_cast<off64_t>(length),
                          SYNC_FILE_RANGE_WRITE);
}

}  // namespace

WriteBehind::WriteBehind(std::string path, WriteBehindOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  thread_ = std::thread([this] { Run(); });
}

WriteBehind::~WriteBehind() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

int64_t WriteBehind::requested_bytes() const {
  MutexLock lock(mu_);
  return requested_bytes_;
}

void WriteBehind::Run() {
  const auto start_writeback = options_.start_writeback ? options_.start_writeback : SyncFileRange;
  int fd = -1;
  int64_t done = 0;  // bytes already requested
  MutexLock lock(mu_);
  while (!cv_.wait_for(lock.native(), options_.interval,
                       [this]() LH_REQUIRES(mu_) { return stopping_; })) {
    lock.Unlock();
    if (fd < 0) fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    int64_t grown = 0;
    if (fd >= 0 && ::fstat(fd, &st) == 0) grown = static_cast<int64_t>(st.st_size) - done;
    if (grown >= options_.min_bytes) {
      start_writeback(fd, done, grown);
      done += grown;
    }
    lock.Lock();
    requested_bytes_ = done;
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace lakehouse
