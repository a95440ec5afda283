// Test-only helpers for the ingest tests: a fresh temporary directory and in-memory DuckDB per
// test, files written byte for byte, and StageFile plus read-back helpers.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "common/hash.h"
#include "ingest/file_stager.h"
#include "sql/result_json.h"
#include "sql/sql_test_util.h"

namespace lakehouse::testing {

class IngestTest : public SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    ASSERT_FALSE(dir_.path().empty());
    options_.staging_dir = dir_.File("staging");
  }

  // Writes `bytes` to <tmp>/uploads/<name> and returns the path.
  std::string Write(const std::string& name, const std::string& bytes) {
    std::filesystem::create_directories(dir_.path() / "uploads");
    const std::string path = (dir_.path() / "uploads" / name).string();
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    return path;
  }

  Result<StagedFile> Stage(const std::string& name, const std::string& bytes,
                           StageRequest request = {}) {
    request.input_path = Write(name, bytes);
    if (request.source_name.empty()) request.source_name = name;
    FileStager stager(*conn_, options_);
    return stager.StageFile(request);
  }

  // Rows of the staged Parquet file as JSON arrays, in file order.
  Json Rows(const StagedFile& staged, const std::string& columns = "*") {
    return QueryJson("SELECT " + columns + " FROM read_parquet('" + staged.parquet_path +
                     "')")["rows"];
  }

  // Files left in the staging directory (none after a failure).
  int StagingFileCount() const {
    std::error_code ignored;
    int count = 0;
    for (auto it = std::filesystem::directory_iterator(options_.staging_dir, ignored);
         it != std::filesystem::directory_iterator(); ++it) {
      ++count;
    }
    return count;
  }

  TempDir dir_;
  StagingOptions options_;
};

// Asserts an INVALID_ARGUMENT whose message contains every one of `parts`.
inline ::testing::AssertionResult IsInvalid(const Status& status,
                                            std::initializer_list<std::string> parts) {
  if (status.code() != StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "expected INVALID_ARGUMENT, got " << status.ToString();
  }
  for (const std::string& part : parts) {
    if (status.message().find(part) == std::string::npos) {
      return ::testing::AssertionFailure() << "'" << part << "' missing from " << status.ToString();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace lakehouse::testing
