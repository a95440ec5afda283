// StageRequest: one local file to convert into a staged Parquet file, with the per-file options a
// client may set. CsvOptions apply to kCsv/kTsv only; every field left unset is detected by
// DuckDB's CSV sniffer (delimiter, quoting, header, column types).
//
// Option values are validated by the CSV converter and always reach SQL as quoted literals:
//   delimiter    one character, not a line break, NUL or the quote character
//   quote/escape empty (none) or one character, not a line break or NUL
//   skip_rows    0 … 1,000,000 lines skipped before the header
//   null_string  at most 64 bytes, no line break or NUL
//   column_types column name → DuckDB type name ("INTEGER", "DECIMAL(18,3)", "VARCHAR[]"); the
//                names must exist in the file, the types must parse
//   null_values  at most 32 strings read as NULL (e.g. "n/a", "NA", ""), each like null_string
//   on_bad_rows  what to do with rows DuckDB cannot read as the header's columns (ragged rows,
//                values that do not fit the column's type): kError (default) refuses the file
//                naming the lines, kSkip leaves them out, kPad fills missing trailing fields with
//                NULL (rows with too many fields or bad values are still refused). Skipped and
//                padded rows are reported with their line numbers (BadRows).
//
// Thread-safety: plain values; externally synchronised.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/format.h"

namespace lakehouse {

class InputScanner;

enum class BadRowPolicy { kError, kSkip, kPad };

std::string_view BadRowPolicyName(BadRowPolicy policy);  // "error" | "skip" | "pad"
Result<BadRowPolicy> ParseBadRowPolicy(std::string_view name);

struct CsvOptions {
  std::optional<std::string> delimiter;
  std::optional<bool> header;
  std::optional<std::string> quote;
  std::optional<std::string> escape;
  std::optional<int64_t> skip_rows;
  std::optional<std::string> null_string;
  std::map<std::string, std::string> column_types;
  bool all_varchar = false;  // read every column as VARCHAR (no type detection)
  std::vector<std::string> null_values;
  BadRowPolicy on_bad_rows = BadRowPolicy::kError;
};

struct StageRequest {
  // The local file to read (e.g. the spooled upload). Not modified or removed.
  std::string input_path;
  // The name the client uploaded the file as. Used for format detection, error messages and the
  // `file` column of PDF/text rows. Empty → the file name of input_path.
  std::string source_name;
  // Overrides detection by extension; the magic bytes are still checked.
  std::optional<InputFormat> format;
  CsvOptions csv;
  // Lower-case hex SHA-256 of the file when the caller already has it (the upload spool hashes
  // while streaming); the byte scan then skips hashing. Empty → computed by the scan.
  std::string sha256;
  // A finished scan of these bytes run while they were uploaded (input_scanner.h). Used instead of
  // reading the file again when it ran with the parameters StageFile decides on; ignored otherwise.
  std::shared_ptr<const InputScanner> prescan;
};

}  // namespace lakehouse
