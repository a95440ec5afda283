// Type widening rules for schema evolution: which DuckDB type changes keep every existing value
// representable, and the narrowest type two types both fit in.
//
// Safe widenings (a → b), after normalising aliases (INT → INTEGER, TEXT → VARCHAR, REAL → FLOAT,
// DATETIME → TIMESTAMP, VARCHAR(n) → VARCHAR, ...):
//   TINYINT → SMALLINT → INTEGER → BIGINT → HUGEINT (and unsigned types to any wider integer)
//   any integer → DOUBLE, FLOAT → DOUBLE, DECIMAL → DOUBLE
//   integer → DECIMAL(p,s) with room for its digits; DECIMAL(p,s) → DECIMAL(p',s') with s' ≥ s and
//   p'-s' ≥ p-s
//   DATE → TIMESTAMP
//   T[] → U[] when T → U is safe
// Everything else — narrowing (BIGINT → INTEGER, DOUBLE → BIGINT, VARCHAR → INTEGER), unrelated
// changes (BIGINT → DATE, BOOLEAN → INTEGER) and any change of a column's type family such as
// BIGINT → VARCHAR (existing queries like avg(col) would break) — is not a safe widening; schema
// evolution treats it as incompatible unless the client allows a schema change.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

// The canonical upper-case spelling used for comparisons, e.g. "int4" → "INTEGER",
// "varchar(20)" → "VARCHAR", "decimal(18, 3)" → "DECIMAL(18,3)".
std::string NormalizeTypeName(std::string_view type);

// True when `to` can hold every value of `from` (including from == to).
bool IsSafeWidening(std::string_view from, std::string_view to);

// True when values of type `incoming` can be read as `existing` without changing the existing
// column: a safe widening into it, or anything into VARCHAR (a VARCHAR column holds any value).
bool FitsInto(std::string_view incoming, std::string_view existing);

// The narrowest type both `a` and `b` widen to (VARCHAR as the last resort), for building views
// that merge files of different schema versions. INVALID_ARGUMENT for an empty or malformed type
// name.
Result<std::string> UnifiedType(std::string_view a, std::string_view b);

}  // namespace lakehouse
