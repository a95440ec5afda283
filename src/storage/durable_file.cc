#include "storage/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/ids.h"
#include "storage/object_key.h"

namespace lakehouse {
namespace {

// Owns a file descriptor; closes it on destruction.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now, reporting the error close() may carry (deferred write errors on some filesystems).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status WriteAll(int fd, std::string_view data, std::string_view context) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoToStatus(errno, context);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Writes the bytes produced by `fill` into a new temporary file beside `path`, fsyncs it and
// renames it over `path`. Cleans up the temporary file on any failure.
template <typename Fill>
Status ReplaceViaTempFile(const std::string& path, std::string_view context, Fill fill) {
  const std::string dir = DirName(path);
  const std::string temp = dir + "/" + NewTempFileName();
  ScopedFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid()) return ErrnoToStatus(errno, context);
  Status status = fill(fd.get());
  if (status.ok() && ::fsync(fd.get()) != 0) status = ErrnoToStatus(errno, context);
  if (fd.Close() != 0 && status.ok()) status = ErrnoToStatus(errno, context);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = ErrnoToStatus(errno, context);
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  return FsyncDirectory(dir, context);
}

Status CopyFileContents(int in, int out, std::string_view context) {
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(in, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoToStatus(errno, context);
    }
    if (n == 0) return Status::Ok();
    LH_RETURN_IF_ERROR(WriteAll(out, std::string_view(buffer, static_cast<size_t>(n)), context));
  }
}

}  // namespace

Status ErrnoToStatus(int err, std::string_view context) {
  std::string message = StrCat(context, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return Status(StatusCode::kNotFound, std::move(message));
    case EACCES:
    case EPERM:
    case EROFS:
      return Status(StatusCode::kPermissionDenied, std::move(message));
    case ENOSPC:
    case EDQUOT:
      return Status(StatusCode::kInsufficientStorage, std::move(message));
    case ENAMETOOLONG:
      return Status(StatusCode::kInvalidArgument, std::move(message));
    case EISDIR:
    case EEXIST:
    case ENOTEMPTY:
      return Status(StatusCode::kFailedPrecondition, std::move(message));
    default:
      return Status(StatusCode::kUnavailable, std::move(message));
  }
}

std::string NewTempFileName() { return StrCat(kReservedSegmentPrefix, NewRequestId()); }

bool IsTempFileName(std::string_view name) {
  return name.substr(0, kReservedSegmentPrefix.size()) == kReservedSegmentPrefix;
}

Status WriteFileAtomically(const std::string& path, std::string_view data,
                           std::string_view context) {
  return ReplaceViaTempFile(path, context, [&](int fd) { return WriteAll(fd, data, context); });
}

Status MoveFileDurably(const std::string& source, const std::string& target,
                       std::string_view context) {
  const std::string source_context = StrCat(context, ": source file");
  ScopedFd in(::open(source.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));  // move files, not links
  if (!in.valid()) return ErrnoToStatus(errno, source_context);
  struct stat st;
  if (::fstat(in.get(), &st) != 0) return ErrnoToStatus(errno, source_context);
  if (!S_ISREG(st.st_mode)) return NotFound(source_context, " is not a regular file");

  // The data must be on disk before the rename makes it visible under its new name.
  if (::fsync(in.get()) != 0) return ErrnoToStatus(errno, source_context);
  if (::rename(source.c_str(), target.c_str()) == 0) {
    LH_RETURN_IF_ERROR(FsyncDirectory(DirName(target), context));
    return FsyncDirectory(DirName(source), source_context);
  }
  if (errno != EXDEV) return ErrnoToStatus(errno, context);

  LH_RETURN_IF_ERROR(ReplaceViaTempFile(
      target, context, [&](int out) { return CopyFileContents(in.get(), out, context); }));
  if (::unlink(source.c_str()) != 0) return ErrnoToStatus(errno, source_context);
  return Status::Ok();
}

Status AppendToFile(const std::string& path, std::string_view data, std::string_view context) {
  ScopedFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) return ErrnoToStatus(errno, context);
  LH_RETURN_IF_ERROR(WriteAll(fd.get(), data, context));
  if (::fdatasync(fd.get()) != 0) return ErrnoToStatus(errno, context);
  if (fd.Close() != 0) return ErrnoToStatus(errno, context);
  return Status::Ok();
}

Result<std::string> ReadFileRange(const std::string& path, int64_t offset, int64_t length,
                                  std::string_view context) {
  if (offset < 0) return InvalidArgument(context, ": negative offset");
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));  // never block on a FIFO
  if (!fd.valid()) return ErrnoToStatus(errno, context);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoToStatus(errno, context);
  if (!S_ISREG(st.st_mode)) return NotFound(context, ": not an object");

  const int64_t size = static_cast<int64_t>(st.st_size);
  if (offset >= size) return std::string();
  int64_t want = size - offset;
  if (length >= 0 && length < want) want = length;
  std::string out(static_cast<size_t>(want), '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd.get(), out.data() + done, out.size() - done,
                        static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoToStatus(errno, context);
    }
    if (n == 0) break;  // the file shrank under us (only possible if written outside the store)
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

Status FsyncDirectory(const std::string& dir, std::string_view context) {
  ScopedFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoToStatus(errno, context);
  if (::fsync(fd.get()) != 0) return ErrnoToStatus(errno, context);
  return Status::Ok();
}

Status FsyncFile(const std::string& path, std::string_view context) {
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoToStatus(errno, context);
  if (::fsync(fd.get()) != 0) return ErrnoToStatus(errno, context);
  return Status::Ok();
}

}  // namespace lakehouse
