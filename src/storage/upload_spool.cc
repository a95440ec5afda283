#include "storage/upload_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace lakehouse {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;

}  // namespace

Result<std::unique_ptr<UploadSpool>> UploadSpool::Create(const std::string& spool_dir,
                                                         int64_t max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(spool_dir, ec);
  if (ec) return Unavailable("cannot create the upload spool directory: ", ec.message());
  std::string tmpl = spool_dir + "/upload-XXXXXX";
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return Unavailable("cannot create an upload spool file: ", std::strerror(errno));
  return std::unique_ptr<UploadSpool>(new UploadSpool(tmpl, fd, max_bytes));
}

UploadSpool::UploadSpool(std::string path, int fd, int64_t max_bytes)
    : path_(std::move(path)), fd_(fd), max_bytes_(max_bytes) {
  buffer_.reserve(kBufferBytes);
}

UploadSpool::~UploadSpool() {
  if (fd_ >= 0) close(fd_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);  // no-op when the file was moved into a store
}

Status UploadSpool::Append(std::string_view bytes) {
  if (fd_ < 0) return FailedPrecondition("upload spool is closed");
  if (max_bytes_ >= 0 && size_ + static_cast<int64_t>(bytes.size()) > max_bytes_) {
    return PayloadTooLarge("upload exceeds the limit of ", std::to_string(max_bytes_), " bytes");
  }
  hasher_.Update(bytes);
  size_ += static_cast<int64_t>(bytes.size());
  if (buffer_.size() + bytes.size() > kBufferBytes) LH_RETURN_IF_ERROR(Flush());
  if (bytes.size() >= kBufferBytes) return WriteAll(bytes);
  buffer_.append(bytes);
  return Status::Ok();
}

Status UploadSpool::Flush() {
  LH_RETURN_IF_ERROR(WriteAll(buffer_));
  buffer_.clear();
  return Status::Ok();
}

Status UploadSpool::WriteAll(std::string_view pending) {
  while (!pending.empty()) {
    ssize_t n = write(fd_, pending.data(), pending.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSPC) return ResourceExhausted("no space left for the upload");
      return Unavailable("cannot write the upload: ", std::strerror(errno));
    }
    pending.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status UploadSpool::Finish() {
  if (fd_ < 0) return Status::Ok();
  Status flushed = Flush();
  int rc = close(fd_);
  fd_ = -1;
  LH_RETURN_IF_ERROR(flushed);
  if (rc != 0) return Unavailable("cannot close the upload: ", std::strerror(errno));
  sha256_ = hasher_.FinishHex();
  return Status::Ok();
}

}  // namespace lakehouse
