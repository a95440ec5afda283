// JsonShapeScanner: a cheap first pass over JSON / NDJSON bytes (fed in chunks) that bounds how
// many columns each record will flatten into, so a record with 100,000 keys is refused before
// DuckDB's schema detection spends seconds on it.
//
// Records are the top-level value of each NDJSON line, the elements of a top-level array, or a
// single top-level object. For each record the scanner counts the leaf keys reachable through
// objects only (`{"a":{"b":1,"c":2},"d":[{"e":1}]}` → a.b, a.c, d = 3), exactly the columns the
// JSON converter's flattening produces, and fails as soon as one record exceeds `max_columns`.
//
// It also refuses, naming the line, what DuckDB would crash on, take minutes over or read wrongly:
//   - nesting deeper than kMaxJsonDepth (DuckDB's schema inference recurses once per level; ~13K
//     levels overflow the stack);
//   - a string (JSON) or line (NDJSON) longer than `max_line_bytes`;
//   - a number outside the range of a double (`1e999`, which DuckDB reads as infinity or NULL);
//   - NDJSON only: a line that ends inside a string or an open object/array (a truncated line),
//     and a closing bracket without its opening one.
// Other syntax errors are left to DuckDB's parser, which reports them with a position.
//
// Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lakehouse {

inline constexpr int64_t kMaxJsonDepth = 128;

class JsonShapeScanner {
 public:
  JsonShapeScanner(int64_t max_columns, int64_t max_line_bytes, bool ndjson)
      : max_columns_(max_columns), max_line_bytes_(max_line_bytes), ndjson_(ndjson) {}

  // INVALID_ARGUMENT (message without the file name) for the cases above; the error is kept.
  Status Feed(std::string_view bytes);
  // INVALID_ARGUMENT when the input ends inside a string, number or container.
  Status Finish();

  int64_t records() const { return records_; }  // records started so far

 private:
  Status Structural(char c);
  Status EndOfLine();
  Status EndNumber();

  int64_t max_columns_;
  int64_t max_line_bytes_;
  bool ndjson_;
  Status error_;
  int64_t depth_ = 0;         // containers currently open
  int64_t record_depth_ = 1;  // depth at which records are objects (2 inside a top-level array)
  int64_t object_path_ = 0;   // deepest level reached through objects only from the record root
  int64_t leaves_ = 0;        // leaf keys of the current record
  int64_t records_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 1;  // line on which the current record started
  int64_t line_bytes_ = 0;
  int64_t string_bytes_ = 0;
  int64_t string_line_ = 0;  // line on which the open string started
  bool started_ = false;     // saw the first non-space character
  bool in_string_ = false;
  bool escaped_ = false;
  std::string number_;  // the number token being read, outside strings
};

}  // namespace lakehouse
