#include "storage/object_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <thread>
#include <vector>

#include "common/logging.h"
#include "storage/durable_file.h"

namespace lakehouse {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kTempDir = ".fill";

Status WriteAt(int fd, std::string_view data, int64_t offset) {
  while (!data.empty()) {
    ssize_t n = pwrite(fd, data.data(), data.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoToStatus(errno, "object cache: write");
    }
    data.remove_prefix(static_cast<size_t>(n));
    offset += n;
  }
  return Status::Ok();
}

}  // namespace

ObjectCache::ObjectCache(ObjectCacheOptions options) : options_(std::move(options)) {}

Result<std::shared_ptr<ObjectCache>> ObjectCache::Open(ObjectCacheOptions options) {
  if (options.dir.empty() || options.dir.front() != '/') {
    return InvalidArgument("object cache: the directory must be an absolute path");
  }
  if (options.parallel_reads < 1) options.parallel_reads = 1;
  if (options.range_bytes < 1) options.range_bytes = 8LL << 20;
  std::error_code ec;
  fs::remove_all(options.dir, ec);
  if (ec) return ErrnoToStatus(ec.value(), "object cache: empty the cache directory");
  fs::create_directories(fs::path(options.dir) / kTempDir, ec);
  if (ec) return ErrnoToStatus(ec.value(), "object cache: create the cache directory");
  return std::shared_ptr<ObjectCache>(new ObjectCache(std::move(options)));
}

std::string ObjectCache::BucketDir(std::string_view bucket) const {
  return options_.dir + "/" + std::string(bucket);
}

std::string ObjectCache::PathOf(const std::string& id) const { return options_.dir + "/" + id; }

ObjectCacheStats ObjectCache::stats() const {
  MutexLock lock(mu_);
  ObjectCacheStats out = stats_;
  out.capacity_bytes = options_.capacity_bytes;
  for (const auto& [id, count] : holds_) {
    auto it = entries_.find(id);
    if (it == entries_.end()) continue;
    out.held_bytes += it->second.size_bytes;
    ++out.held_entries;
  }
  out.over_capacity = out.bytes > options_.capacity_bytes;
  return out;
}

Result<std::string> ObjectCache::Acquire(std::string_view bucket, std::string_view key,
                                         const ObjectCacheSource& source) {
  LH_ASSIGN_OR_RETURN(auto held, AcquireImpl(bucket, key, source, /*hold=*/false));
  return std::move(held.first);
}

Result<std::pair<std::string, std::shared_ptr<const void>>> ObjectCache::AcquireHeld(
    std::string_view bucket, std::string_view key, const ObjectCacheSource& source) {
  return AcquireImpl(bucket, key, source, /*hold=*/true);
}

Result<std::pair<std::string, std::shared_ptr<const void>>> ObjectCache::AcquireImpl(
    std::string_view bucket, std::string_view key, const ObjectCacheSource& source, bool hold) {
  const std::string id = StrCat(bucket, "/", key);
  const std::string path = PathOf(id);
  {
    MutexLock lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      ++stats_.hits;
      return std::make_pair(path, hold ? HoldLocked(id) : nullptr);
    }
    ++stats_.misses;
  }
  LH_ASSIGN_OR_RETURN(ObjectCacheSource::Version version, source.stat());
  const std::string temp = StrCat(options_.dir, "/", kTempDir, "/", NewTempFileName());
  Status filled = Fill(temp, source, version);
  std::error_code ec;
  if (filled.ok()) {
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (!ec) fs::rename(temp, path, ec);
    if (ec) filled = ErrnoToStatus(ec.value(), StrCat("object cache: place '", id, "'"));
  }
  if (!filled.ok()) {
    fs::remove(temp, ec);
    return filled;
  }
  MutexLock lock(mu_);
  // Held before admission evicts, so the new entry and the hold arrive together.
  std::shared_ptr<const void> held = hold ? HoldLocked(id) : nullptr;
  AdmitLocked(id, version.size_bytes, version.etag);
  return std::make_pair(path, std::move(held));
}

std::shared_ptr<const void> ObjectCache::HoldLocked(const std::string& id) {
  ++holds_[id];
  std::weak_ptr<ObjectCache> owner = weak_from_this();
  // The held id itself is the (non-null) pointee; the deleter releases it.
  return std::shared_ptr<const void>(new std::string(id), [owner](const std::string* held) {
    if (std::shared_ptr<ObjectCache> cache = owner.lock()) cache->Release(*held);
    delete held;
  });
}

void ObjectCache::Release(const std::string& id) {
  MutexLock lock(mu_);
  auto it = holds_.find(id);
  if (it == holds_.end()) return;
  if (--it->second > 0) return;
  holds_.erase(it);
  EvictLocked("");  // the cache may have grown past its capacity while this was held
}

bool ObjectCache::IsHeldLocked(const std::string& id) const { return holds_.count(id) != 0; }

Status ObjectCache::Fill(const std::string& temp, const ObjectCacheSource& source,
                         const ObjectCacheSource::Version& version) const {
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoToStatus(errno, "object cache: create a fill file");
  const int64_t size = version.size_bytes;
  const int64_t ranges = (size + options_.range_bytes - 1) / options_.range_bytes;
  std::atomic<int64_t> next{0};
  Mutex error_mu;
  Status first_error;
  const auto worker = [&] {
    for (int64_t i = next++; i < ranges; i = next++) {
      const int64_t offset = i * options_.range_bytes;
      const int64_t length = std::min(options_.range_bytes, size - offset);
      Result<std::string> bytes = source.read(offset, length, version.etag);
      Status status = bytes.ok() ? Status::Ok() : bytes.status();
      if (status.ok() && static_cast<int64_t>(bytes->size()) != length) {
        status = DataLoss("object cache: range at ", std::to_string(offset), " returned ",
                          std::to_string(bytes->size()), " of ", std::to_string(length), " bytes");
      }
      if (status.ok()) status = WriteAt(fd, *bytes, offset);
      if (!status.ok()) {
        MutexLock lock(error_mu);
        if (first_error.ok()) first_error = status;
        next = ranges;  // stop the other workers
        return;
      }
    }
  };
  const int threads = static_cast<int>(std::min<int64_t>(options_.parallel_reads, ranges));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  Status status;
  {
    MutexLock lock(error_mu);
    status = first_error;
  }
  if (status.ok() && ::ftruncate(fd, size) != 0) {
    status = ErrnoToStatus(errno, "object cache: size the fill file");
  }
  ::close(fd);
  return status;
}

void ObjectCache::Insert(std::string_view bucket, std::string_view key,
                         const std::string& local_file, int64_t size_bytes, std::string etag) {
  const std::string id = StrCat(bucket, "/", key);
  const std::string path = PathOf(id);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  Status moved = ec ? ErrnoToStatus(ec.value(), "object cache: create a directory")
                    : MoveFileDurably(local_file, path, "object cache: adopt a file");
  MutexLock lock(mu_);
  if (!moved.ok()) {
    LH_LOG_WARN("object cache: '{}' not cached: {}", id, moved.ToString());
    ForgetLocked(id);
    return;
  }
  AdmitLocked(id, size_bytes, std::move(etag));
}

void ObjectCache::Invalidate(std::string_view bucket, std::string_view key) {
  const std::string id = StrCat(bucket, "/", key);
  MutexLock lock(mu_);
  ForgetLocked(id);
}

void ObjectCache::ForgetLocked(const std::string& id) {
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    stats_.bytes -= it->second.size_bytes;
    --stats_.entries;
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  std::error_code ec;
  fs::remove(PathOf(id), ec);
}

void ObjectCache::AdmitLocked(const std::string& id, int64_t size_bytes, std::string etag) {
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    stats_.bytes -= it->second.size_bytes;
    --stats_.entries;
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  lru_.push_front(id);
  entries_.emplace(id, Entry{size_bytes, std::move(etag), lru_.begin()});
  stats_.bytes += size_bytes;
  ++stats_.entries;
  EvictLocked(id);
}

void ObjectCache::EvictLocked(const std::string& keep) {
  for (auto victim_it = lru_.end();
       stats_.bytes > options_.capacity_bytes && victim_it != lru_.begin();) {
    --victim_it;
    const std::string victim = *victim_it;
    if (victim == keep || IsHeldLocked(victim)) continue;
    auto v = entries_.find(victim);
    stats_.bytes -= v->second.size_bytes;
    --stats_.entries;
    ++stats_.evictions;
    victim_it = lru_.erase(victim_it);
    entries_.erase(v);
    std::error_code ec;
    fs::remove(PathOf(victim), ec);
  }
  const bool over = stats_.bytes > options_.capacity_bytes && lru_.size() > 1;
  if (over && !warned_over_capacity_) {
    LH_LOG_WARN(
        "object cache: {} bytes held by live views and snapshots exceed the capacity of {} bytes "
        "(storage.s3_cache_bytes); the cache grows past it rather than evict files in use",
        stats_.bytes, options_.capacity_bytes);
  }
  warned_over_capacity_ = over;
}

}  // namespace lakehouse
