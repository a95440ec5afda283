#include "sql/exported_file.h"

#include <cstdio>
#include <fstream>
#include <vector>

namespace lakehouse {

ExportedFile::~ExportedFile() {
  if (!path_.empty()) std::remove(path_.c_str());
}

Status ExportedFile::ReadChunks(const std::function<bool(std::string_view)>& write) const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Internal("cannot read the exported result");
  std::vector<char> buffer(kChunkBytes);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    if (!write(std::string_view(buffer.data(), static_cast<size_t>(got)))) return Status::Ok();
  }
  if (in.bad()) return Internal("reading the exported result failed");
  return Status::Ok();
}

}  // namespace lakehouse
