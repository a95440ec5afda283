// StagingOptions: how FileStager writes staged Parquet files. Every field has a default that suits
// the server; the composition root fills them from configuration.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/ocr_options.h"

namespace lakehouse {

struct StagingOptions {
  // Directory for the staged Parquet files; created on first use. Required.
  std::string staging_dir;

  // Rows per Parquet row group, 100,000 … 1,000,000. The default, 122,880 (60 × DuckDB's 2,048-row
  // vector), equals DuckDB's own row-group size: a scan of a staged file splits into the same work
  // units DuckDB uses for its tables, per-row-group min/max statistics stay fine-grained enough to
  // prune, and the writer buffers at most one row group per column even for 10,000-column files.
  // Larger groups compress slightly better but cost writer memory and read parallelism.
  int64_t row_group_size = 122'880;

  // Most columns a file may have (after JSON flattening). Wider CSV headers and JSON records are
  // refused during the first pass over the bytes, before DuckDB parses anything.
  int64_t max_columns = 10'000;

  // Longest line of a CSV/TSV/NDJSON upload and longest JSON string, in bytes. Longer ones are
  // refused during the first pass (naming the line) instead of costing DuckDB seconds to minutes.
  int64_t max_line_bytes = 8 << 20;

  // Concurrent file and database ingests (1-64): connections of the ingest DuckDB, each held by
  // one ingest while it stages. More ingests run at once at the cost of DuckDB memory.
  int64_t connections = 2;

  // OCR of PDF pages without a text layer (ingest.ocr, ingest.ocr_languages, ingest.ocr_max_pages,
  // ingest.ocr_timeout_ms, ingest.ocr_threads, ingest.ocr_dpi).
  OcrOptions ocr{};
};

inline constexpr int64_t kMinRowGroupSize = 100'000;
inline constexpr int64_t kMaxRowGroupSize = 1'000'000;

}  // namespace lakehouse
