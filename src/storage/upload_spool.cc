#include "storage/upload_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace lakehouse {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;

// A full disk is INSUFFICIENT_STORAGE, like every other disk-full path; the rest UNAVAILABLE.
Status SpoolError(int err, std::string_view what) {
  if (err == ENOSPC || err == EDQUOT) {
    return InsufficientStorage(what, ": no space left on the server's disk");
  }
  return Unavailable(what, ": ", std::strerror(err));
}

}  // namespace

Result<std::unique_ptr<UploadSpool>> UploadSpool::Create(const std::string& spool_dir,
                                                         int64_t max_bytes,
                                                         SpoolObserver observer) {
  std::error_code ec;
  std::filesystem::create_directories(spool_dir, ec);
  if (ec) return Unavailable("cannot create the upload spool directory: ", ec.message());
  std::string tmpl = spool_dir + "/upload-XXXXXX";
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return SpoolError(errno, "cannot create an upload spool file");
  return std::unique_ptr<UploadSpool>(new UploadSpool(tmpl, fd, max_bytes, std::move(observer)));
}

UploadSpool::UploadSpool(std::string path, int fd, int64_t max_bytes, SpoolObserver observer)
    : path_(std::move(path)),
      fd_(fd),
      max_bytes_(max_bytes),
      writer_(std::make_unique<SpoolWriter>(fd, std::move(observer))) {
  buffer_.reserve(kBufferBytes);
}

UploadSpool::~UploadSpool() {
  writer_.reset();  // joins the helpers before their file descriptor goes away
  if (fd_ >= 0) close(fd_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);  // no-op when the file was moved into a store
}

Status UploadSpool::Append(std::string_view bytes) {
  if (fd_ < 0) return FailedPrecondition("upload spool is closed");
  if (max_bytes_ >= 0 && size_ + static_cast<int64_t>(bytes.size()) > max_bytes_) {
    return PayloadTooLarge("upload exceeds the limit of ", std::to_string(max_bytes_), " bytes");
  }
  size_ += static_cast<int64_t>(bytes.size());
  while (!bytes.empty()) {
    size_t take = std::min(bytes.size(), kBufferBytes - buffer_.size());
    buffer_.append(bytes.data(), take);
    bytes.remove_prefix(take);
    if (buffer_.size() == kBufferBytes) {
      LH_RETURN_IF_ERROR(writer_->Submit(&buffer_));
      buffer_.reserve(kBufferBytes);  // a fresh buffer the first few times, then recycled ones
    }
  }
  return Status::Ok();
}

Status UploadSpool::Finish() {
  if (fd_ < 0) return Status::Ok();
  Status submitted = buffer_.empty() ? Status::Ok() : writer_->Submit(&buffer_);
  Result<std::string> hash = writer_->Finish();
  writer_.reset();
  buffer_ = std::string();
  int rc = close(fd_);
  fd_ = -1;
  LH_RETURN_IF_ERROR(submitted);
  LH_RETURN_IF_ERROR(hash.status());
  if (rc != 0) return SpoolError(errno, "cannot close the upload");
  sha256_ = std::move(hash).value();
  return Status::Ok();
}

}  // namespace lakehouse
