// InputFormat: the kinds of uploaded file ingest can turn into Parquet, and how a file's format is
// decided. The format comes from an explicit option when given, else from the extension of the
// upload's name; either way it is then checked against the file's leading/trailing bytes, so a
// file named .pdf that is not a PDF is refused before any converter runs.
//
//   extension            format      magic bytes checked
//   .csv                 kCsv        must not start like Parquet or PDF
//   .tsv                 kTsv        (same)
//   .json                kJson       (same)
//   .ndjson .jsonl       kNdjson     (same)
//   .parquet             kParquet    "PAR1" at the start and at the end
//   .pdf                 kPdf        "%PDF-" within the first 1024 bytes
//   .txt                 kText       must not look like Parquet or PDF
//   .sms                 kSms        (same)
//
// An unknown extension without an explicit format falls back to the magic bytes (Parquet, PDF) and
// otherwise fails. Extensions are matched case-insensitively.
//
// Thread-safety: pure functions (DetectFormat reads the file); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

enum class InputFormat { kCsv, kTsv, kJson, kNdjson, kParquet, kPdf, kText, kSms };

// Lower-case name: "csv", "tsv", "json", "ndjson", "parquet", "pdf", "text", "sms".
std::string_view InputFormatName(InputFormat format);

// Inverse of InputFormatName (case-insensitive; "jsonl" and "txt" are accepted too).
// Unknown → INVALID_ARGUMENT listing the known names.
Result<InputFormat> ParseInputFormat(std::string_view name);

// True for the formats that are read as UTF-8 text (everything but Parquet and PDF).
bool IsTextFormat(InputFormat format);

// The format an upload's name claims by its extension (the table above), without looking at the
// bytes; nullopt for an unknown or missing extension.
std::optional<InputFormat> FormatFromExtension(std::string_view source_name);

// Decides the format of the local file `path`, uploaded as `source_name` (whose extension is used;
// the path's when the name has none). Errors are INVALID_ARGUMENT naming `source_name`; an
// unreadable file is NOT_FOUND.
Result<InputFormat> DetectFormat(const std::string& path, std::string_view source_name,
                                 std::optional<InputFormat> explicit_format);

}  // namespace lakehouse
