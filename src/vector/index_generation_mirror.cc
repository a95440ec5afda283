// IndexGeneration: its part and base files in the dataset's remote (s3) bucket. The local
// directory stays the working copy; the bucket holds every published part and base, so an index
// survives the loss of the node's disk and any node can load it.
//   - WritePart / WriteBase publish locally, then MirrorFile uploads (multipart when large),
//     before the refresher records the part in the registry: a recorded part is always remote.
//   - Open first fetches, through the node's read cache, the newest remote base up to parts_seq
//     and the parts after it that the directory lacks (temp file + rename).
//   - RemoveSuperseded also deletes the remote files the base supersedes (best effort: a leftover
//     costs space only; Open ignores parts at or below the base).
#include <cstdio>
#include <filesystem>

#include "common/ids.h"
#include "common/logging.h"
#include "storage/durable_file.h"
#include "vector/index_generation.h"

namespace lakehouse {
namespace fs = std::filesystem;
namespace {

// "part-000012.parquet" → (12, false); "base-000010.parquet" → (10, true); else seq 0.
std::pair<int64_t, bool> ParseFileName(const std::string& name) {
  long long seq = 0;
  if (std::sscanf(name.c_str(), "part-%lld.parquet", &seq) == 1) return {seq, false};
  if (std::sscanf(name.c_str(), "base-%lld.parquet", &seq) == 1) return {seq, true};
  return {0, false};
}

}  // namespace

Status IndexGeneration::MirrorFile(const std::string& path) const {
  if (!options_.remote) return Status::Ok();
  const std::string name = fs::path(path).filename().string();
  // PutFile consumes its source: upload a copy and keep the working file.
  const std::string copy = options_.dir + "/.upload-" + NewRequestId() + ".tmp";
  std::error_code ec;
  fs::copy_file(path, copy, fs::copy_options::overwrite_existing, ec);
  if (ec) return Internal("cannot copy index file '", path, "' for upload: ", ec.message());
  Status put = options_.remote->PutFile(options_.remote_prefix + name, copy);
  fs::remove(copy, ec);
  return put.WithContext(StrCat("index file '", name, "' to the dataset's bucket"));
}

Status IndexGeneration::RestoreFromRemote(const GenerationOptions& options, int64_t parts_seq) {
  if (!options.remote || parts_seq <= 0) return Status::Ok();
  LH_ASSIGN_OR_RETURN(std::vector<ObjectInfo> listed, options.remote->List(options.remote_prefix));
  int64_t base = 0;
  for (const ObjectInfo& object : listed) {
    auto [seq, is_base] = ParseFileName(object.key.substr(options.remote_prefix.size()));
    if (is_base && seq <= parts_seq) base = std::max(base, seq);
  }
  for (const ObjectInfo& object : listed) {
    const std::string name = object.key.substr(options.remote_prefix.size());
    auto [seq, is_base] = ParseFileName(name);
    const bool wanted = is_base ? seq == base && base > 0 : seq > base && seq <= parts_seq;
    const std::string local = options.dir + "/" + name;
    std::error_code ec;
    if (!wanted || fs::exists(local, ec)) continue;
    LH_ASSIGN_OR_RETURN(std::string cached, options.remote->LocalPath(object.key));
    const std::string tmp = options.dir + "/.fetch-" + NewRequestId() + ".tmp";
    fs::copy_file(cached, tmp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(tmp, local, ec);
    if (ec) {
      fs::remove(tmp, ec);
      return Internal("cannot fetch index file '", name, "' from the dataset's bucket");
    }
    LH_LOG_INFO("index {}: fetched {} from the dataset's bucket", options.dir, name);
  }
  return FsyncDirectory(options.dir, "fetched index files");
}

void IndexGeneration::RemoveRemoteSuperseded(int64_t base) const {
  if (!options_.remote) return;
  Result<std::vector<ObjectInfo>> listed = options_.remote->List(options_.remote_prefix);
  if (!listed.ok()) return;
  for (const ObjectInfo& object : *listed) {
    auto [seq, is_base] = ParseFileName(object.key.substr(options_.remote_prefix.size()));
    if (seq == 0 || (is_base ? seq >= base : seq > base)) continue;
    Status removed = options_.remote->Delete(object.key);
    if (!removed.ok()) {
      LH_LOG_WARN("index {}: superseded remote file '{}' not removed: {}", options_.dir, object.key,
                  removed.ToString());
    }
  }
}

}  // namespace lakehouse
