// ConversionJob: what every converter is given — the file to read, the name to use for it in
// messages, and where and how to write the Parquet output. FileStager fills it in.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/ocr_options.h"

namespace lakehouse {

struct ConversionJob {
  std::string input_path;   // local file to read
  std::string source_name;  // the upload's name; used in every error message instead of the path
  std::string output_path;  // Parquet file to create (must not exist)
  int64_t row_group_size = 122'880;
  int64_t max_columns = 10'000;
  int64_t max_line_bytes = 8 << 20;  // DuckDB's max_line_size for CSV
  OcrOptions ocr{};                  // PDF pages without a text layer
};

}  // namespace lakehouse
