#include "ingest/watch_listing.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "common/hash.h"
#include "common/path_containment.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

Result<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable("cannot read '", path, "'");
  Sha256 hash;
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.Update(std::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  }
  if (in.bad()) return Unavailable("error reading '", path, "'");
  return hash.FinishHex();
}

bool Hidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    const std::string name = part.string();
    if (!name.empty() && name.front() == '.') return true;
  }
  return false;
}

Result<std::vector<WatchCandidate>> ListFolder(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return NotFound("watched folder '", folder, "' does not exist or is not a directory");
  }
  std::vector<WatchCandidate> out;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Unavailable("cannot list '", folder, "': ", ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Unavailable("cannot list '", folder, "': ", ec.message());
    const fs::path relative = it->path().lexically_relative(folder);
    if (Hidden(relative)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    WatchCandidate candidate;
    candidate.local_path = it->path().string();
    candidate.file.path = relative.generic_string();
    candidate.file.size_bytes = static_cast<int64_t>(it->file_size(ec));
    if (ec) continue;  // removed while listing
    LH_ASSIGN_OR_RETURN(candidate.file.sha256, HashFile(candidate.local_path));
    out.push_back(std::move(candidate));
  }
  return out;
}

Result<std::vector<WatchCandidate>> ListBucket(const WatchSpec& watch, BucketRegistry* buckets) {
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, buckets->Get(watch.bucket));
  LH_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store->List(watch.prefix));
  std::vector<WatchCandidate> out;
  for (const ObjectInfo& object : objects) {
    Result<std::string> local = store->LocalPath(object.key);
    if (!local.ok()) {
      return FailedPrecondition("bucket '", watch.bucket,
                                "' cannot be watched: its objects are not local files (",
                                local.status().message(), ")");
    }
    WatchCandidate candidate;
    candidate.local_path = *local;
    candidate.file.path = object.key;
    candidate.file.size_bytes = object.size_bytes;
    LH_ASSIGN_OR_RETURN(candidate.file.sha256, HashFile(candidate.local_path));
    out.push_back(std::move(candidate));
  }
  return out;
}

}  // namespace

Result<std::vector<WatchCandidate>> ListWatchCandidates(const WatchSpec& watch,
                                                        BucketRegistry* buckets) {
  LH_ASSIGN_OR_RETURN(std::vector<WatchCandidate> out,
                      watch.folder.empty() ? ListBucket(watch, buckets) : ListFolder(watch.folder));
  std::sort(out.begin(), out.end(), [](const WatchCandidate& a, const WatchCandidate& b) {
    return a.file.path < b.file.path;
  });
  return out;
}

std::vector<WatchCandidate> NewOrChanged(const std::vector<WatchCandidate>& candidates,
                                         const std::vector<WatchedFile>& remembered) {
  std::map<std::string, const WatchedFile*> known;
  for (const WatchedFile& f : remembered) known[f.path] = &f;
  std::vector<WatchCandidate> out;
  for (const WatchCandidate& c : candidates) {
    auto it = known.find(c.file.path);
    if (it != known.end() && it->second->size_bytes == c.file.size_bytes &&
        it->second->sha256 == c.file.sha256) {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

Status CheckWatchFolder(const std::string& folder, const std::vector<std::string>& roots) {
  // Symlinks and `..` resolved first, so a link cannot lead out of a root.
  auto resolved = [](const std::string& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    return WithoutTrailingSlash((ec ? fs::path(path).lexically_normal() : canonical).string());
  };
  const std::string normal = resolved(folder);
  for (const std::string& root : roots) {
    if (IsSameOrUnder(normal, resolved(root))) {
      return Status::Ok();
    }
  }
  std::string list;
  for (const std::string& root : roots) list += (list.empty() ? "" : ", ") + root;
  return PermissionDenied("watch.folder '", folder, "' is not under an allowed root (",
                          list.empty() ? "none configured: set schedules.watch_roots" : list, ")");
}

}  // namespace lakehouse
