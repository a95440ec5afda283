#include "storage/local_object_store.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "common/mutex.h"
#include "storage/durable_file.h"
#include "storage/object_key.h"

namespace lakehouse {
namespace {

Result<std::string> RealPath(const std::string& path, std::string_view context) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return ErrnoToStatus(errno, context);
  return std::string(buffer);
}

int64_t ModifiedMicros(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000 + st.st_mtim.tv_nsec / 1000;
}

std::string Parent(const std::string& path) { return path.substr(0, path.rfind('/')); }

}  // namespace

Result<std::unique_ptr<LocalObjectStore>> LocalObjectStore::Open(std::string bucket,
                                                                 const std::string& root) {
  const std::string context = StrCat("bucket '", bucket, "': open root");
  if (root.empty() || root.front() != '/') {
    return InvalidArgument("bucket '", bucket, "': root must be an absolute path");
  }
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) return ErrnoToStatus(ec.value(), context);
  LH_ASSIGN_OR_RETURN(std::string real_root, RealPath(root, context));
  struct stat st;
  if (::stat(real_root.c_str(), &st) != 0) return ErrnoToStatus(errno, context);
  if (!S_ISDIR(st.st_mode)) return FailedPrecondition(context, ": root is not a directory");
  return std::unique_ptr<LocalObjectStore>(new LocalObjectStore(std::move(bucket), real_root));
}

LocalObjectStore::LocalObjectStore(std::string bucket, std::string root)
    : bucket_(std::move(bucket)), root_(std::move(root)) {}

std::string LocalObjectStore::Context(std::string_view op, std::string_view key) const {
  return StrCat("bucket '", bucket_, "': ", op, " '", key, "'");
}

bool LocalObjectStore::IsUnderRoot(const std::string& real_path) const {
  if (root_ == "/") return true;
  return real_path == root_ ||
         (real_path.size() > root_.size() && real_path.compare(0, root_.size(), root_) == 0 &&
          real_path[root_.size()] == '/');
}

Result<LocalObjectStore::ResolvedKey> LocalObjectStore::ResolveKey(std::string_view raw_key,
                                                                   std::string_view op,
                                                                   Resolve mode) const {
  Result<std::string> normal = ValidateObjectKey(raw_key);
  if (!normal.ok()) return normal.status().WithContext(StrCat("bucket '", bucket_, "': ", op));
  ResolvedKey resolved{std::move(*normal), root_};
  const std::string context = Context(op, resolved.key);
  const bool writing = mode == Resolve::kCreateParents;

  size_t start = 0;
  while (true) {
    size_t slash = resolved.key.find('/', start);
    const bool last = slash == std::string::npos;
    resolved.path += '/';
    resolved.path.append(resolved.key, start, last ? std::string::npos : slash - start);
    const std::string prefix_key = resolved.key.substr(0, last ? resolved.key.size() : slash);

    struct stat st;
    if (::lstat(resolved.path.c_str(), &st) != 0) {
      if (errno != ENOENT) return ErrnoToStatus(errno, context);
      if (mode == Resolve::kAnyPath) {
        resolved.path = root_ + "/" + resolved.key;  // nothing below a missing component exists
        return resolved;
      }
      if (!writing) return NotFound(context, ": no such object");
      if (last) return resolved;
      if (::mkdir(resolved.path.c_str(), 0755) != 0 && errno != EEXIST) {
        return ErrnoToStatus(errno, context);
      }
      if (::lstat(resolved.path.c_str(), &st) != 0) return ErrnoToStatus(errno, context);
    }
    if (S_ISLNK(st.st_mode)) {
      Result<std::string> real = RealPath(resolved.path, context);
      if (!real.ok()) {
        // A dangling link: reads find nothing; writes through it could create files anywhere.
        if (!writing && real.status().code() == StatusCode::kNotFound) {
          return NotFound(context, ": no such object");
        }
        return PermissionDenied(context, ": '", prefix_key,
                                "' is a symlink that cannot be resolved");
      }
      if (!IsUnderRoot(*real)) {
        return PermissionDenied(context, ": '", prefix_key,
                                "' is a symlink leading outside the bucket");
      }
      if (::stat(resolved.path.c_str(), &st) != 0) return ErrnoToStatus(errno, context);
    }
    if (last) {
      if (writing && S_ISDIR(st.st_mode)) {
        return FailedPrecondition(context, ": the key is a prefix of existing objects");
      }
      return resolved;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (writing) {
        return FailedPrecondition(context, ": conflicts with existing object '", prefix_key, "'");
      }
      if (mode == Resolve::kExisting) return NotFound(context, ": no such object");
      return FailedPrecondition(context, ": '", prefix_key, "' is an object, not a directory");
    }
    start = slash + 1;
  }
}

Status LocalObjectStore::Put(std::string_view key, std::string_view data) {
  ReaderMutexLock dirs(dirs_mu_);
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "put", Resolve::kCreateParents));
  return WriteFileAtomically(resolved.path, data, Context("put", resolved.key));
}

Status LocalObjectStore::PutFile(std::string_view key, const std::string& local_path) {
  ReaderMutexLock dirs(dirs_mu_);
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "put_file", Resolve::kCreateParents));
  return MoveFileDurably(local_path, resolved.path, Context("put_file", resolved.key));
}

Status LocalObjectStore::Append(std::string_view key, std::string_view data) {
  ReaderMutexLock dirs(dirs_mu_);
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "append", Resolve::kCreateParents));
  return AppendToFile(resolved.path, data, Context("append", resolved.key));
}

Result<std::string> LocalObjectStore::Get(std::string_view key) {
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "get", Resolve::kExisting));
  return ReadFileRange(resolved.path, 0, -1, Context("get", resolved.key));
}

Result<std::string> LocalObjectStore::GetRange(std::string_view key, int64_t offset,
                                               int64_t length) {
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "get_range", Resolve::kExisting));
  const std::string context = Context("get_range", resolved.key);
  if (offset < 0 || length < 0) {
    return InvalidArgument(context, ": offset and length must be non-negative");
  }
  return ReadFileRange(resolved.path, offset, length, context);
}

Status LocalObjectStore::Delete(std::string_view key) {
  std::string path;
  {
    ReaderMutexLock dirs(dirs_mu_);
    LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "delete", Resolve::kExisting));
    const std::string context = Context("delete", resolved.key);
    struct stat st;
    if (::lstat(resolved.path.c_str(), &st) != 0) return ErrnoToStatus(errno, context);
    if (S_ISDIR(st.st_mode)) return NotFound(context, ": no such object");
    if (::unlink(resolved.path.c_str()) != 0) return ErrnoToStatus(errno, context);
    LH_RETURN_IF_ERROR(FsyncDirectory(Parent(resolved.path), context));
    path = std::move(resolved.path);
  }
  PruneEmptyParents(path);
  return Status::Ok();
}

void LocalObjectStore::PruneEmptyParents(const std::string& path) const {
  // Only when no write is between creating its directory and filling it; under write load the
  // pruning is skipped rather than delaying Delete (an empty directory is harmless).
  if (!dirs_mu_.TryLock()) return;
  for (std::string dir = Parent(path); dir.size() > root_.size() && IsUnderRoot(dir);
       dir = Parent(dir)) {
    if (::rmdir(dir.c_str()) != 0) break;  // not empty (or already gone)
  }
  dirs_mu_.Unlock();
}

Result<ObjectInfo> LocalObjectStore::Stat(std::string_view key) {
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "stat", Resolve::kExisting));
  const std::string context = Context("stat", resolved.key);
  struct stat st;
  if (::stat(resolved.path.c_str(), &st) != 0) return ErrnoToStatus(errno, context);
  if (!S_ISREG(st.st_mode)) return NotFound(context, ": no such object");
  return ObjectInfo{resolved.key, static_cast<int64_t>(st.st_size), ModifiedMicros(st)};
}

Result<std::vector<ObjectInfo>> LocalObjectStore::List(std::string_view raw_prefix) {
  Result<std::string> prefix = ValidateKeyPrefix(raw_prefix);
  if (!prefix.ok()) return prefix.status().WithContext(StrCat("bucket '", bucket_, "': list"));

  std::vector<ObjectInfo> out;
  // Start at the deepest directory the prefix names; nothing outside it can match.
  const size_t slash = prefix->rfind('/');
  std::string dir = root_;
  std::string key_prefix;
  if (slash != std::string::npos) {
    key_prefix = prefix->substr(0, slash + 1);
    Result<ResolvedKey> resolved = ResolveKey(prefix->substr(0, slash), "list", Resolve::kExisting);
    if (!resolved.ok()) {
      if (resolved.status().code() == StatusCode::kNotFound) return out;
      return resolved.status();
    }
    dir = resolved->path;
  }
  LH_RETURN_IF_ERROR(ListDirectory(dir, key_prefix, *prefix, &out));
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Status LocalObjectStore::ListDirectory(const std::string& dir, const std::string& key_prefix,
                                       std::string_view prefix,
                                       std::vector<ObjectInfo>* out) const {
  const std::string context = StrCat("bucket '", bucket_, "': list '", prefix, "'");
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    // Gone, or an object where a directory was expected: nothing to list there.
    if (errno == ENOENT || errno == ENOTDIR) return Status::Ok();
    return ErrnoToStatus(errno, context);
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(handle, ::closedir);
  while (true) {
    errno = 0;
    struct dirent* entry = ::readdir(handle);
    if (entry == nullptr) {
      if (errno != 0) return ErrnoToStatus(errno, context);
      return Status::Ok();
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == ".." || IsTempFileName(name)) continue;
    const std::string key = key_prefix + std::string(name);
    const std::string path = dir + "/" + std::string(name);

    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;  // deleted while we were listing
    if (S_ISDIR(st.st_mode)) {
      const std::string sub = key + "/";
      // Descend only where keys can still match the prefix.
      const bool may_match = sub.compare(0, std::min(sub.size(), prefix.size()), prefix, 0,
                                         std::min(sub.size(), prefix.size())) == 0;
      if (may_match) LH_RETURN_IF_ERROR(ListDirectory(path, sub, prefix, out));
      continue;
    }
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      // Links to files inside the bucket are objects; links to directories are not followed.
      Result<std::string> real = RealPath(path, context);
      if (!real.ok() || !IsUnderRoot(*real) || ::stat(path.c_str(), &st) != 0) continue;
    }
    if (!S_ISREG(st.st_mode)) continue;
    Result<std::string> valid = ValidateObjectKey(key);
    if (!valid.ok() || *valid != key) continue;  // a file placed by hand that no key can name
    out->push_back(ObjectInfo{key, static_cast<int64_t>(st.st_size), ModifiedMicros(st)});
  }
}

Result<std::string> LocalObjectStore::LocalPath(std::string_view key) {
  LH_ASSIGN_OR_RETURN(ResolvedKey resolved, ResolveKey(key, "local_path", Resolve::kAnyPath));
  return resolved.path;
}

Result<int64_t> LocalObjectStore::FreeBytes() {
  struct statvfs vfs;
  if (::statvfs(root_.c_str(), &vfs) != 0) {
    return ErrnoToStatus(errno, StrCat("bucket '", bucket_, "': free_bytes"));
  }
  return static_cast<int64_t>(vfs.f_bavail) * static_cast<int64_t>(vfs.f_frsize);
}

}  // namespace lakehouse
