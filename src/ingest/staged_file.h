// StagedFile: the outcome of converting one upload — a Parquet file in the staging directory plus
// what a commit needs to know about it. The caller owns the Parquet file from then on (moves it
// into a bucket or deletes it).
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/column_spec.h"
#include "common/json.h"
#include "ingest/format.h"

namespace lakehouse {

// Rows of an upload left out or padded under CsvOptions::on_bad_rows.
struct BadRows {
  int64_t skipped = 0;
  int64_t padded = 0;
  std::vector<int64_t> lines;  // 1-based line numbers in the upload, the first kMaxBadRowLines
};

inline constexpr size_t kMaxBadRowLines = 100;

struct StagedFile {
  std::string parquet_path;  // local path of the staged Parquet file
  int64_t row_count = 0;
  std::vector<ColumnSpec> columns;  // in file order, types as DuckDB reads them back
  std::string input_sha256;         // lower-case hex SHA-256 of the uploaded bytes
  int64_t input_size_bytes = 0;
  InputFormat format = InputFormat::kCsv;
  std::string source_name;  // the upload's original name
  BadRows bad_rows;
  int64_t duplicate_keys_dropped = 0;  // rows removed by EnforceUniqueKeys (staged_keys.h)
};

// {"parquet_path","row_count","columns":[{"name","type","nullable"}],"input_sha256",
//  "input_size_bytes","format","source_name"}
Json StagedFileToJson(const StagedFile& file);

}  // namespace lakehouse
