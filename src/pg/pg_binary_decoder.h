// Decoding of PostgreSQL's binary COPY format (COPY … TO STDOUT (FORMAT binary)) into DuckDB
// data chunks (sql/chunk_appender.h). Binary was picked over text by measurement
// (docs/PERFORMANCE.md): the server skips formatting every value and we skip parsing it, and every
// type round-trips exactly.
//
// Wire format (PostgreSQL docs, "COPY — Binary Format"): an 11-byte signature, int32 flags,
// int32 header-extension length and the extension; then per row an int16 field count followed
// by (int32 length, bytes) per field, length -1 for NULL; a field count of -1 ends the data. All
// integers are big-endian. libpq hands over one CopyData message per row; the header rides in
// front of the first row and the trailer comes alone.
//
// Thread-safety: PgRowDecoder is externally synchronised; the free functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "pg/pg_type_mapping.h"
#include "sql/chunk_appender.h"

namespace lakehouse {

class PgRowDecoder {
 public:
  explicit PgRowDecoder(std::vector<PgColumnMapping> columns) : columns_(std::move(columns)) {}

  // Appends every row in one CopyData message (one row per column mapping, in order) and returns
  // how many. DATA_LOSS for a malformed message (bad signature, wrong field count, truncation).
  Result<int64_t> AppendMessage(std::string_view message, ChunkAppender& appender);
  bool finished() const { return finished_; }  // the trailer was seen

 private:
  std::vector<PgColumnMapping> columns_;
  bool header_seen_ = false;
  bool finished_ = false;
};

// One non-NULL binary value of `column` appended to the current row.
Status AppendPgValue(const PgColumnMapping& column, std::string_view bytes,
                     ChunkAppender& appender);

// A binary numeric as decimal text ("-12.340", "NaN", "Infinity", "-Infinity").
Result<std::string> PgNumericToString(std::string_view bytes);

// A finite binary numeric as its unscaled integer at `scale` decimal places (12.34 at scale 2 is
// 1234), when it has no more fractional digits than that and |result| < 10^max_digits
// (max_digits ≤ 38); nullopt otherwise (NaN, infinities, too many digits). DATA_LOSS when
// malformed.
Result<std::optional<__int128>> PgNumericToScaled(std::string_view bytes, int scale,
                                                  int max_digits);

// A binary numeric as the nearest double: exact arithmetic when its digits fit in 2^53 and its
// power of ten in ±22 (one correctly rounded step, as strtod), else through the text and strtod.
Result<double> PgNumericToDouble(std::string_view bytes);

// A binary array as JSON text ("[1,null,3]"); multi-dimensional arrays are flattened.
Result<std::string> PgArrayToJson(std::string_view bytes, PgValueKind element_kind);

}  // namespace lakehouse
