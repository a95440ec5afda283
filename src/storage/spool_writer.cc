#include "storage/spool_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace lakehouse {
namespace {

Status WriteAll(int fd, std::string_view pending) {
  while (!pending.empty()) {
    ssize_t n = write(fd, pending.data(), pending.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSPC) return ResourceExhausted("no space left for the upload");
      return Unavailable("cannot write the upload: ", std::strerror(errno));
    }
    pending.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

SpoolWriter::SpoolWriter(int fd, SpoolObserver observer)
    : fd_(fd), observer_(std::move(observer)), helper_([this] { Run(); }) {}

SpoolWriter::~SpoolWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closing_) abandoned_ = true;
    closing_ = true;
  }
  work_ready_.notify_one();
  if (helper_.joinable()) helper_.join();
}

Status SpoolWriter::Submit(std::string* buffer) {
  std::unique_lock<std::mutex> lock(mu_);
  space_ready_.wait(lock, [&] { return queue_.size() < kMaxQueued || !error_.ok(); });
  if (!error_.ok()) return error_;
  queue_.push_back(std::move(*buffer));
  if (free_.empty()) {
    *buffer = std::string();
  } else {
    *buffer = std::move(free_.back());
    free_.pop_back();
  }
  lock.unlock();
  work_ready_.notify_one();
  return Status::Ok();
}

Result<std::string> SpoolWriter::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  work_ready_.notify_one();
  helper_.join();
  if (!error_.ok()) return error_;
  return hasher_.FinishHex();
}

void SpoolWriter::Run() {
  std::string buffer;  // the one being hashed and written
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_ready_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (abandoned_ || queue_.empty()) return;  // dropped, or closing with everything written
    buffer = std::move(queue_.front());
    queue_.pop_front();
    const bool failed = !error_.ok();  // after a failed write nothing later may reach the file
    lock.unlock();
    space_ready_.notify_one();
    Status written;
    if (!failed) {
      hasher_.Update(buffer);
      written = WriteAll(fd_, buffer);
      if (written.ok() && observer_) observer_(buffer);
    }
    buffer.clear();
    lock.lock();
    if (!written.ok()) {
      error_ = std::move(written);
      space_ready_.notify_all();
    }
    free_.push_back(std::move(buffer));
  }
}

}  // namespace lakehouse
