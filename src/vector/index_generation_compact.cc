// IndexGeneration: compaction of its part files. A base file folds the parts up to a sequence
// number into the live documents and chunks (superseded chunks and deletion rows are gone); the
// order of the steps keeps every crash recoverable by Open:
//   1. the merge is written to .base-<S>.parquet.tmp and fsynced (a crash: Open deletes the temp);
//   2. it is renamed to base-<S>.parquet and the directory fsynced (from here Open loads the base
//      and deletes the parts up to S and older bases, finishing step 3 itself);
//   3. the superseded files are deleted, after the caller moved its readers to LiveFiles.
// The registry is never touched: the parts' sequence numbers and parts_seq keep their meaning.
#include <filesystem>

#include "common/ids.h"
#include "common/logging.h"
#include "sql/sql_literal.h"
#include "storage/durable_file.h"
#include "vector/index_generation.h"

namespace lakehouse {
namespace {

Status Step(const GenerationOptions& options, std::string_view step) {
  return options.compaction_fault ? options.compaction_fault(step) : Status::Ok();
}

}  // namespace

std::string IndexGeneration::BasePath(int64_t seq) const {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "base-%06lld.parquet", static_cast<long long>(seq));
  return options_.dir + "/" + buf;
}

PartFiles IndexGeneration::LiveFiles(int64_t parts_seq) const {
  PartFiles files;
  const int64_t base = base_seq_.load();
  if (base > 0) files.base = BasePath(base);
  for (int64_t seq = base + 1; seq <= parts_seq; ++seq) files.tail.push_back(PartPath(seq));
  return files;
}

int64_t IndexGeneration::PartsAfterBase(int64_t parts_seq) const {
  return std::max<int64_t>(0, parts_seq - base_seq_.load());
}

Result<bool> IndexGeneration::WriteBase(int64_t upto_seq, Connection* conn) {
  const PartFiles files = LiveFiles(upto_seq);
  if (files.tail.empty()) return false;  // nothing after the base to fold
  const std::string path = BasePath(upto_seq);
  const std::string tmp = options_.dir + "/.base-" + NewRequestId() + ".parquet.tmp";
  Status written =
      conn->Execute(StrCat("COPY (", CompactedBaseSql(files), ") TO ", SqlStringLiteral(tmp),
                           " (FORMAT parquet, COMPRESSION zstd)"));
  if (written.ok()) written = FsyncFile(tmp, "compacted index base");
  if (!written.ok()) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return written.WithContext("compacting the parts of '" + options_.dir + "'");
  }
  LH_RETURN_IF_ERROR(Step(options_, "base_written"));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Internal("cannot publish compacted base '", path, "': ", ec.message());
  }
  LH_RETURN_IF_ERROR(FsyncDirectory(options_.dir, "compacted index base"));
  LH_RETURN_IF_ERROR(MirrorFile(path));
  base_seq_ = upto_seq;
  LH_RETURN_IF_ERROR(Step(options_, "base_renamed"));
  return true;
}

Status IndexGeneration::RemoveSuperseded() {
  const int64_t base = base_seq_.load();
  if (base == 0) return Status::Ok();
  std::error_code ec;
  std::vector<std::filesystem::path> superseded;
  for (const auto& entry : std::filesystem::directory_iterator(options_.dir, ec)) {
    const std::string name = entry.path().filename().string();
    long long seq = 0;
    if ((std::sscanf(name.c_str(), "part-%lld.parquet", &seq) == 1 && seq <= base) ||
        (std::sscanf(name.c_str(), "base-%lld.parquet", &seq) == 1 && seq < base)) {
      superseded.push_back(entry.path());
    }
  }
  if (ec) return Internal("listing '", options_.dir, "': ", ec.message());
  for (const std::filesystem::path& file : superseded) {
    std::filesystem::remove(file, ec);
    if (ec) return Internal("cannot remove superseded part '", file.string(), "': ", ec.message());
    LH_RETURN_IF_ERROR(Step(options_, "superseded_removed"));
  }
  RemoveRemoteSuperseded(base);
  return Status::Ok();
}

}  // namespace lakehouse
