// ScanInput: the one pass over an uploaded file's bytes that happens before any conversion. It
// hashes the file (SHA-256), measures it and, for the text formats, checks that it is non-empty
// well-formed UTF-8 and within the column cap (CsvShapeScanner for CSV/TSV, JsonShapeScanner for
// JSON/NDJSON). Failing early here keeps error messages precise ("invalid UTF-8 on line 3") and
// keeps hostile files (huge headers, truncated quotes) away from DuckDB's sniffers.
//
// Thread-safety: a pure function over a file; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "ingest/csv_shape_scanner.h"
#include "ingest/format.h"

namespace lakehouse {

struct InputFacts {
  std::string sha256;  // lower-case hex
  int64_t size_bytes = 0;
  // CSV/TSV: the delimiter given or detected (CsvShapeScanner::DetectedDelimiter); unset → let
  // DuckDB's sniffer decide (a one-column file).
  std::optional<char> csv_delimiter;
};

struct ScanLimits {
  int64_t max_columns = 10'000;
  // Longest CSV/TSV/NDJSON line and JSON string.
  int64_t max_line_bytes = 8 << 20;
  // Used for kCsv/kTsv; its max_columns and max_line_bytes are overwritten by the ones above.
  CsvShapeOptions csv;
  bool hash = true;  // false → InputFacts::sha256 stays empty (the caller knows it)
  bool operator==(const ScanLimits&) const = default;
};

// The streaming core is InputScanner (input_scanner.h).
// Errors are INVALID_ARGUMENT prefixed with "<source_name>: " (empty file, invalid UTF-8 with its
// line and byte offset, header/record too wide, line too long, unterminated quote, the JSON
// refusals of json_shape_scanner.h); an unreadable file is
// NOT_FOUND.
Result<InputFacts> ScanInput(const std::string& path, const std::string& source_name,
                             InputFormat format, const ScanLimits& limits);

}  // namespace lakehouse
