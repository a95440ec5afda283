// ExportedFile: a query result written to a temporary file (QueryService::Export), read back in
// chunks for a streamed HTTP response and deleted when the last owner lets go.
//
// Ownership: owns the file; the destructor deletes it. Move-only.
// Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace lakehouse {

class ExportedFile {
 public:
  static constexpr size_t kChunkBytes = 256 * 1024;

  // `tables`: the tables and views the statement read (StatementFacts::tables), for the audit log.
  explicit ExportedFile(std::string path, std::vector<std::string> tables = {})
      : path_(std::move(path)), tables_(std::move(tables)) {}
  ExportedFile(ExportedFile&& other) noexcept
      : path_(std::exchange(other.path_, "")), tables_(std::move(other.tables_)) {}
  ExportedFile& operator=(ExportedFile&&) = delete;
  ExportedFile(const ExportedFile&) = delete;
  ExportedFile& operator=(const ExportedFile&) = delete;
  ~ExportedFile();

  const std::string& path() const { return path_; }
  const std::vector<std::string>& tables() const { return tables_; }
  // Calls `write` with consecutive chunks of at most kChunkBytes until the end of the file, or
  // until `write` returns false (the reader went away; that is OK, not an error).
  Status ReadChunks(const std::function<bool(std::string_view)>& write) const;

 private:
  std::string path_;
  std::vector<std::string> tables_;
};

}  // namespace lakehouse
