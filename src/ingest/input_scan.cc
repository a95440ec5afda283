#include "ingest/input_scan.h"

#include <fstream>
#include <vector>

#include "ingest/input_scanner.h"

namespace lakehouse {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

}  // namespace

Result<InputFacts> ScanInput(const std::string& path, const std::string& source_name,
                             InputFormat format, const ScanLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(source_name, ": cannot open uploaded file");
  InputScanner scanner(source_name, format, limits);
  std::vector<char> buffer(kChunkBytes);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::string_view chunk(buffer.data(), static_cast<size_t>(in.gcount()));
    if (chunk.empty()) break;
    LH_RETURN_IF_ERROR(scanner.Feed(chunk));
  }
  if (in.bad()) return Unavailable(source_name, ": read error while scanning the upload");
  return scanner.Finish();
}

}  // namespace lakehouse
