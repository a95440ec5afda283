// SqlErrorPosition: where in a statement's text DuckDB's error points, as a line and a column, so
// a client (the web UI's editor) can show the error in its place. DuckDB says it two ways:
//   - json_serialize_sql's parse errors carry "position": a 0-based offset in characters (Unicode
//     code points, as PostgreSQL's parser counts them);
//   - the binder's and catalog's errors from Prepare end with the offending line and a caret:
//       Binder Error: Referenced column "x" not found in FROM clause!
//
//       LINE 2:   x FROM t
//                 ^
//     where the caret's column counts display cells (a wide CJK character takes two, a control
//     character such as a tab none), a line is counted at every '\r' and '\n', and a line wider
//     than DuckDB renders is cut with "..." on either side. All three are undone here.
// The position travels with the Status as its detail "position" (common/status_detail.h):
//   {"error": {...}, "position": {"line": 2, "column": 3, "offset": 11}}
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"

namespace lakehouse {

struct SqlPosition {
  int64_t offset = 0;  // characters (code points) before the position
  int64_t line = 1;    // 1-based; "\r\n", "\n" and "\r" each end a line
  int64_t column = 1;  // 1-based, in characters
};

// The position `char_offset` characters into `sql`; nullopt past its end.
std::optional<SqlPosition> PositionAtCharacter(std::string_view sql, int64_t char_offset);

// The position DuckDB's "LINE n: …" and caret in `message` point at, in `sql` (the text DuckDB
// was given); nullopt when the message has none or it does not match `sql`.
std::optional<SqlPosition> PositionFromCaret(std::string_view sql, std::string_view message);

// `status` with the detail "position" attached when it is INVALID_ARGUMENT or NOT_FOUND and a
// position is found (`char_offset` first, else the caret in its message); else `status` as is.
Status WithSqlPosition(const Status& status, std::string_view sql,
                       std::optional<int64_t> char_offset = std::nullopt);

}  // namespace lakehouse
