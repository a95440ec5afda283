// JsonShapeScanner: a cheap first pass over JSON / NDJSON bytes (fed in chunks) that bounds how
// many columns each record will flatten into, so a record with 100,000 keys is refused before
// DuckDB's schema detection spends seconds on it.
//
// Records are the top-level value of each NDJSON line, the elements of a top-level array, or a
// single top-level object. For each record the scanner counts the leaf keys reachable through
// objects only (`{"a":{"b":1,"c":2},"d":[{"e":1}]}` → a.b, a.c, d = 3), exactly the columns the
// JSON converter's flattening produces, and fails as soon as one record exceeds `max_columns`.
// Syntax errors are left to DuckDB's parser, which reports them with a position.
//
// Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace lakehouse {

class JsonShapeScanner {
 public:
  explicit JsonShapeScanner(int64_t max_columns) : max_columns_(max_columns) {}

  // INVALID_ARGUMENT (message without the file name) once a record is too wide.
  Status Feed(std::string_view bytes);

  int64_t records() const { return records_; }  // records started so far

 private:
  Status Structural(char c);

  int64_t max_columns_;
  int64_t depth_ = 0;         // containers currently open
  int64_t record_depth_ = 1;  // depth at which records are objects (2 inside a top-level array)
  int64_t object_path_ = 0;   // deepest level reached through objects only from the record root
  int64_t leaves_ = 0;        // leaf keys of the current record
  int64_t records_ = 0;
  int64_t line_ = 1;
  bool started_ = false;  // saw the first non-space character
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace lakehouse
