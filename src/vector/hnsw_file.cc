#include "vector/hnsw_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace lakehouse {
namespace {

// hnswlib 0.6.2 header: six size_t, int maxlevel, uint32 entry point, three size_t, double mult,
// size_t ef_construction.
constexpr uint64_t kHeaderBytes = 6 * 8 + 4 + 4 + 3 * 8 + 8 + 8;
constexpr uint64_t kMaxM = 10000;
constexpr int32_t kMaxLevel = 64;

template <typename T>
bool ReadPod(std::ifstream& in, T* value) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(value), sizeof(T)));
}

uint64_t LinkListBytes(uint64_t m) { return m * 4 + 4; }  // count word + m neighbour ids

std::string ErrnoText() { return std::strerror(errno); }

// Unique within the process and across processes sharing the directory.
std::string TempPathFor(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

Status FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Internal("open ", path, ": ", ErrnoText());
  const int rc = ::fsync(fd);
  const std::string error = rc == 0 ? "" : ErrnoText();
  ::close(fd);
  if (rc != 0) return Internal("fsync ", path, ": ", error);
  return Status::Ok();
}

}  // namespace

uint64_t HnswFileSize(uint64_t element_count, uint64_t dimensions, uint64_t m,
                      uint64_t link_list_bytes) {
  const uint64_t per_element = LinkListBytes(2 * m) + dimensions * 4 + 8;
  return kHeaderBytes + element_count * (per_element + 4) + link_list_bytes;
}

Result<HnswFileInfo> InspectHnswFile(const std::string& path, uint64_t dimensions) {
  std::error_code ec;
  const uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return NotFound("vector index file ", path);
    return DataLoss("vector index file ", path, ": ", ec.message());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return DataLoss("cannot open vector index file ", path);
  auto corrupt = [&](const std::string& why) {
    return DataLoss("vector index file ", path, " is corrupt or incompatible: ", why);
  };

  uint64_t offset_level0, max_elements, count, size_per_element, label_offset, offset_data;
  int32_t max_level;
  uint32_t entry_point;
  uint64_t max_m, max_m0, m, ef_construction;
  double mult;
  if (file_size < kHeaderBytes || !ReadPod(in, &offset_level0) || !ReadPod(in, &max_elements) ||
      !ReadPod(in, &count) || !ReadPod(in, &size_per_element) || !ReadPod(in, &label_offset) ||
      !ReadPod(in, &offset_data) || !ReadPod(in, &max_level) || !ReadPod(in, &entry_point) ||
      !ReadPod(in, &max_m) || !ReadPod(in, &max_m0) || !ReadPod(in, &m) || !ReadPod(in, &mult) ||
      !ReadPod(in, &ef_construction)) {
    return corrupt("truncated header");
  }
  if (offset_level0 != 0 || m < 2 || m > kMaxM || max_m != m || max_m0 != 2 * m) {
    return corrupt("bad graph degree fields");
  }
  if (offset_data != LinkListBytes(max_m0) || label_offset != offset_data + dimensions * 4 ||
      size_per_element != label_offset + 8) {
    return corrupt("element layout does not match " + std::to_string(dimensions) + " dimensions");
  }
  if (!std::isfinite(mult) || mult <= 0 || ef_construction == 0 || max_level > kMaxLevel ||
      max_level < -1) {
    return corrupt("bad construction parameters");
  }
  if (count > (file_size - kHeaderBytes) / (size_per_element + 4) ||
      (count == 0) != (max_level == -1) || (count > 0 && entry_point >= count)) {
    return corrupt("bad element count or entry point");
  }

  // Walk the upper-layer link lists: each is a whole number of levels, none above max_level, and
  // together they must end exactly at the end of the file.
  uint64_t position = kHeaderBytes + count * size_per_element;
  const uint64_t level_bytes = LinkListBytes(max_m);
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t list_bytes;
    if (position + 4 > file_size || !in.seekg(static_cast<std::streamoff>(position)) ||
        !ReadPod(in, &list_bytes)) {
      return corrupt("truncated link lists");
    }
    if (list_bytes % level_bytes != 0 ||
        list_bytes / level_bytes > static_cast<uint64_t>(std::max(max_level, 0))) {
      return corrupt("bad link list size");
    }
    position += 4 + list_bytes;
  }
  if (position != file_size) return corrupt("unexpected file size");
  return HnswFileInfo{count, m, ef_construction, file_size};
}

Status ReplaceFileAtomically(const std::string& path, uint64_t expected_size,
                             const std::function<Status(const std::string& temp_path)>& write) {
  const std::string temp = TempPathFor(path);
  auto fail = [&](Status status) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return status;
  };
  Status written = write(temp);
  if (!written.ok()) return fail(std::move(written));
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(temp, ec);
  if (ec || size != expected_size) {
    return fail(Internal("writing ", temp, " produced ", ec ? ec.message() : std::to_string(size),
                         " bytes, expected ", std::to_string(expected_size), " (disk full?)"));
  }
  if (Status synced = FsyncPath(temp, O_RDONLY); !synced.ok()) return fail(std::move(synced));
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return fail(Internal("rename ", temp, " to ", path, ": ", ErrnoText()));
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  return FsyncPath(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace lakehouse
