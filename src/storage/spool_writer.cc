#include "storage/spool_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "common/mutex.h"

namespace lakehouse {
namespace {

Status WriteAll(int fd, std::string_view pending) {
  while (!pending.empty()) {
    ssize_t n = write(fd, pending.data(), pending.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSPC || errno == EDQUOT) {
        return InsufficientStorage("no space left on the server's disk for the upload");
      }
      return Unavailable("cannot write the upload: ", std::strerror(errno));
    }
    pending.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

SpoolWriter::SpoolWriter(int fd, SpoolObserver observer)
    : fd_(fd),
      observer_(std::move(observer)),
      helpers_{std::thread([this] { Run(kHash); }), std::thread([this] { Run(kWrite); })} {}

SpoolWriter::~SpoolWriter() {
  {
    MutexLock lock(mu_);
    if (!closing_) abandoned_ = true;
    closing_ = true;
  }
  Join();
}

void SpoolWriter::Join() {
  work_ready_.notify_all();
  for (std::thread& helper : helpers_) {
    if (helper.joinable()) helper.join();
  }
}

Status SpoolWriter::Submit(std::string* buffer) {
  MutexLock lock(mu_);
  space_ready_.wait(lock.native(), [&]() LH_REQUIRES(mu_) {
    return (queues_[kHash].size() < kMaxQueued && queues_[kWrite].size() < kMaxQueued) ||
           !error_.ok();
  });
  if (!error_.ok()) return error_;
  auto shared = std::make_shared<Buffer>();
  shared->bytes = std::move(*buffer);
  for (auto& queue : queues_) queue.push_back(shared);
  if (free_.empty()) {
    *buffer = std::string();
  } else {
    *buffer = std::move(free_.back());
    free_.pop_back();
  }
  lock.Unlock();
  work_ready_.notify_all();
  return Status::Ok();
}

Result<std::string> SpoolWriter::Finish() {
  {
    MutexLock lock(mu_);
    closing_ = true;
  }
  Join();
  {
    MutexLock lock(mu_);  // the helpers are gone; the lock is for the analysis
    if (!error_.ok()) return error_;
  }
  return hasher_.FinishHex();
}

void SpoolWriter::Run(Stage stage) {
  std::deque<std::shared_ptr<Buffer>>& queue = queues_[stage];
  MutexLock lock(mu_);
  while (true) {
    work_ready_.wait(lock.native(), [&]() LH_REQUIRES(mu_) { return !queue.empty() || closing_; });
    if (abandoned_ || queue.empty()) return;  // dropped, or closing with everything done
    std::shared_ptr<Buffer> buffer = std::move(queue.front());
    queue.pop_front();
    const bool failed = !error_.ok();  // after a failed write nothing later may reach the file
    lock.Unlock();
    space_ready_.notify_one();
    Status written;
    if (stage == kHash) {
      hasher_.Update(buffer->bytes);
    } else if (!failed) {
      written = WriteAll(fd_, buffer->bytes);
      if (written.ok() && observer_) observer_(buffer->bytes);
    }
    lock.Lock();
    if (!written.ok()) {
      error_ = std::move(written);
      space_ready_.notify_all();
    }
    if (--buffer->stages_left == 0) {  // the other helper is done with it too
      buffer->bytes.clear();
      free_.push_back(std::move(buffer->bytes));
    }
  }
}

}  // namespace lakehouse
