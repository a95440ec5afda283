#include "audit/segment_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/logging.h"
#include "common/strings.h"

namespace lakehouse {
namespace fs = std::filesystem;

namespace {

std::string SegmentName(const std::string& prefix, int64_t started_us) {
  std::string digits = std::to_string(std::max<int64_t>(0, started_us));
  if (digits.size() < 16) digits.insert(0, 16 - digits.size(), '0');
  return prefix + "-" + digits + ".jsonl";
}

Status WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(errno == ENOSPC ? StatusCode::kInsufficientStorage : StatusCode::kInternal,
                    StrCat("append to log segment: ", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

SegmentLog::SegmentLog(SegmentLogOptions options, const Clock* clock)
    : options_(std::move(options)), clock_(clock) {}

SegmentLog::~SegmentLog() {
  MutexLock lock(mu_);
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<SegmentLog>> SegmentLog::Open(SegmentLogOptions options,
                                                     const Clock* clock) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return Internal("cannot create log directory '", options.dir, "': ", ec.message());
  std::unique_ptr<SegmentLog> log(new SegmentLog(std::move(options), clock));
  MutexLock lock(log->mu_);
  LH_RETURN_IF_ERROR(log->OpenNewSegment());
  log->ApplyRetentionLocked();
  return log;
}

Status SegmentLog::OpenNewSegment() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  int64_t now = clock_->NowMicros();
  // A new segment never reuses a name: two rotations within one µs (or a clock moved back)
  // take the next free one.
  std::string path = options_.dir + "/" + SegmentName(options_.prefix, now);
  while (fs::exists(path)) path = options_.dir + "/" + SegmentName(options_.prefix, ++now);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return Internal("cannot open log segment '", path, "': ", std::strerror(errno));
  fd_ = fd;
  current_ = path;
  current_bytes_ = 0;
  current_started_us_ = clock_->NowMicros();
  return Status::Ok();
}

Status SegmentLog::Append(const std::vector<std::string>& lines, bool sync) {
  if (lines.empty()) return Status::Ok();
  std::string bytes;
  for (const std::string& line : lines) {
    bytes += line;
    bytes += '\n';
  }
  MutexLock lock(mu_);
  const int64_t now = clock_->NowMicros();
  if (current_bytes_ > 0 &&
      (current_bytes_ + static_cast<int64_t>(bytes.size()) > options_.max_segment_bytes ||
       now - current_started_us_ >= options_.max_segment_age_us)) {
    LH_RETURN_IF_ERROR(OpenNewSegment());
    ApplyRetentionLocked();
  }
  if (fd_ < 0) LH_RETURN_IF_ERROR(OpenNewSegment());
  LH_RETURN_IF_ERROR(WriteAll(fd_, bytes));
  current_bytes_ += static_cast<int64_t>(bytes.size());
  lines_appended_ += static_cast<int64_t>(lines.size());
  if (sync && ::fdatasync(fd_) != 0) {
    return Internal("fdatasync of log segment: ", std::strerror(errno));
  }
  return Status::Ok();
}

void SegmentLog::ApplyRetention() {
  MutexLock lock(mu_);
  ApplyRetentionLocked();
}

void SegmentLog::ApplyRetentionLocked() {
  if (options_.retention_us <= 0) return;
  const int64_t cutoff_us = clock_->NowMicros() - options_.retention_us;
  std::vector<std::string> segments = Segments();
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    // Segment i was closed when segment i+1 opened: its newest record is no newer than that.
    const std::string name = fs::path(segments[i + 1]).filename().string();
    const size_t dash = name.rfind('-');
    const int64_t closed_us = std::stoll(name.substr(dash + 1, 16));
    if (closed_us >= cutoff_us || segments[i] == current_) break;
    std::error_code ec;
    if (fs::remove(segments[i], ec)) {
      ++segments_deleted_;
    } else if (ec) {
      LH_LOG_WARN("log retention: cannot delete {}: {}", segments[i], ec.message());
    }
  }
}

std::vector<std::string> SegmentLog::Segments() const {
  std::vector<std::string> out;
  std::error_code ec;
  const std::string start = options_.prefix + "-";
  for (const auto& entry : fs::directory_iterator(options_.dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() == start.size() + 16 + 6 && name.starts_with(start) &&
        name.ends_with(".jsonl")) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string SegmentLog::Glob() const { return options_.dir + "/" + options_.prefix + "-*.jsonl"; }

SegmentLogStats SegmentLog::Stats() const {
  SegmentLogStats stats;
  for (const std::string& path : Segments()) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (!ec) stats.bytes += static_cast<int64_t>(size);
    ++stats.segments;
  }
  MutexLock lock(mu_);
  stats.lines_appended = lines_appended_;
  stats.segments_deleted = segments_deleted_;
  return stats;
}

}  // namespace lakehouse
