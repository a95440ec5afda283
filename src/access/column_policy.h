// Column policy (issue 20): what a principal sees of one column. A column whose effective
// sensitivity (catalog: declared override, else what its PII kind implies) is above the caller's
// clearance (DatasetAccess::max_unmasked) is shown through its redaction instead of its value:
//
//   null  — the column is there, every value NULL (its type kept);
//   hash  — hex SHA-256 of a per-deployment secret and the value: equal values still join and
//           group, but cannot be looked up without the secret (kept in the data directory);
//   mask  — the first `keep_prefix` and last `keep_suffix` characters around "***"; values no
//           longer than both together are "***" (the length of the value is not shown);
//   deny  — the column is not there at all (SELECT * leaves it out; naming it is a binder error).
//
// Defaults by PII kind (DefaultRedaction): email → mask {1, 4} ("a***.com"), phone → mask {0, 4}
// ("***1234"), ssn → deny, credit_card → deny, medical → deny, salary → null, date_of_birth →
// null, street_address → null, ip_address → hash; a column above clearance without a PII kind →
// null. A column may carry its own redaction instead (ColumnRedactions, set per dataset).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/dataset.h"
#include "catalog/sensitivity.h"
#include "common/result.h"

namespace lakehouse {

enum class RedactionKind { kNone, kNull, kHash, kMask, kDeny };

struct Redaction {
  RedactionKind kind = RedactionKind::kNull;
  int32_t keep_prefix = 0;  // kMask only
  int32_t keep_suffix = 0;  // kMask only
  friend bool operator==(const Redaction&, const Redaction&) = default;
};

// "none" | "null" | "hash" | "mask" | "deny"
std::string_view RedactionKindName(RedactionKind kind);
Result<RedactionKind> ParseRedactionKind(std::string_view name);

// The default redaction of a column holding `kind` (table above); nullopt kind → null.
Redaction DefaultRedaction(std::optional<PiiKind> kind);

// Per-column redactions that override the defaults, by lower-case column name.
using ColumnRedactions = std::map<std::string, Redaction>;

// How `column` is shown to a caller cleared up to `max_unmasked`: kNone when its effective
// sensitivity is within the clearance, otherwise its override from `overrides`, else the default.
Redaction RedactionFor(const Column& column, Sensitivity max_unmasked,
                       const ColumnRedactions& overrides);

// The select-list item showing `column` of the relation `source` (a quoted relation name or
// alias, e.g. `r`) under `redaction`, named as the column; nullopt for kDeny. `hash_secret` is
// the deployment's secret (policy_secret.h).
std::optional<std::string> RedactedColumnSql(const Column& column, const Redaction& redaction,
                                             std::string_view hash_secret);

}  // namespace lakehouse
