// CsvShapeScanner: a cheap first pass over CSV/TSV bytes (fed in chunks) that catches what DuckDB's
// sniffer would either take minutes over or silently accept:
//   - a header wider than the column cap: the fields of the header record are counted and the
//     scanner fails as soon as the count passes `max_columns` (a 100,000-column header is refused
//     after reading it once, instead of being type-sniffed);
//   - a quoted field that never ends (a truncated upload): DuckDB's sniffer would fall back to a
//     dialect without quoting and load garbage;
//   - a line longer than `max_line_bytes`: DuckDB spends seconds to minutes on such a line before
//     refusing it; the scanner refuses it in one pass, naming the line;
//   - the delimiter: DuckDB's sniffer settles on a one-column dialect when a single row is ragged
//     (`id,name,score` / `2,bob`). The scanner counts the fields of the header and of the first
//     kDialectSampleRecords records for every candidate delimiter; DetectedDelimiter() is the
//     candidate that splits the header into several fields and agrees with the header's width on
//     the majority of those records. The converter passes it to DuckDB, so ragged rows become
//     rejected rows with line numbers instead of a silently different table.
//
// Quoting follows RFC 4180 with DuckDB's options: a quote opens a field only at the field's start,
// inside it either `escape` protects the next character or (escape == quote) a doubled quote is a
// literal quote. When the delimiter is not given, every delimiter DuckDB's sniffer considers
// (, ; TAB |) separates fields, so the count is an upper bound on what DuckDB will find.
//
// Cost: the header record and the dialect sample are read a character at a time; past them the
// scanner only looks for quote characters (memchr) and line feeds, so a file without quotes is
// scanned at memory speed.
//
// Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

struct CsvShapeOptions {
  std::optional<char> delimiter;    // unset → any of , ; TAB |
  std::optional<char> quote = '"';  // unset → quoting off
  std::optional<char> escape;       // unset → same as quote
  int64_t header_record = 0;        // 0-based record holding the header (skip_rows)
  int64_t max_columns = 10'000;
  int64_t max_line_bytes = 8 << 20;  // longest physical line, line break excluded
  bool operator==(const CsvShapeOptions&) const = default;
};

// Records after the header whose field counts decide the delimiter.
inline constexpr int64_t kDialectSampleRecords = 1000;

class CsvShapeScanner {
 public:
  explicit CsvShapeScanner(CsvShapeOptions options);

  // INVALID_ARGUMENT (message without the file name) once the header is too wide or a line too
  // long.
  Status Feed(std::string_view bytes);
  // INVALID_ARGUMENT when the input ends inside a quoted field.
  Status Finish();

  // Fields counted in the header record so far: the most delimiters of one candidate plus one
  // (0 until a delimiter is seen).
  int64_t header_fields() const { return header_fields_; }

  // The delimiter given in the options, else the detected one (see above); unset when no
  // candidate splits the header and the majority of the sample alike (a one-column file). Valid
  // after Finish.
  std::optional<char> DetectedDelimiter() const;

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuotedEscape, kQuoteSeen };

  bool IsDelimiter(char c) const;
  // Advances the state machine by one character.
  Status Step(char c);
  // Handles a character outside quotes: delimiters count header fields, newlines end records.
  Status Unquoted(char c);
  // Fast paths past the header record: return the index of the next character Step must see
  // (a quote, or an escape inside quotes), or bytes.size(), keeping line and state current.
  size_t SkipUnquoted(std::string_view bytes, size_t from);
  size_t SkipQuoted(std::string_view bytes, size_t from);
  // Accounts for `span` (skipped by a fast path): lines, the current line's length and the cap.
  // Returns the line feeds in it.
  Result<int64_t> Advance(std::string_view span);
  // The record ended (a line feed outside quotes): keeps its field counts for the dialect.
  void EndRecord();
  Status LineTooLong() const;

  CsvShapeOptions options_;
  State state_ = State::kFieldStart;
  int64_t record_ = 0;
  int64_t line_ = 1;
  int64_t quote_line_ = 0;  // line on which the open quoted field started
  int64_t header_fields_ = 0;
  int64_t line_bytes_ = 0;            // bytes of the current line so far
  int64_t fields_[4] = {0, 0, 0, 0};  // delimiters per candidate, current record (while sampled)
  int64_t header_delimiters_[4] = {0, 0, 0, 0};
  bool record_has_content_ = false;
  int64_t sampled_ = 0;                 // non-empty records after the header in the sample
  int64_t agreeing_[4] = {0, 0, 0, 0};  // of those, records as wide as the header, per candidate
  Status error_;                        // a fast path's error, returned by Feed
};

}  // namespace lakehouse
