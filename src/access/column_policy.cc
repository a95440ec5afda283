#include "access/column_policy.h"

#include <algorithm>
#include <string>

#include "common/strings.h"
#include "sql/sql_literal.h"

namespace lakehouse {

std::string_view RedactionKindName(RedactionKind kind) {
  switch (kind) {
    case RedactionKind::kNone:
      return "none";
    case RedactionKind::kNull:
      return "null";
    case RedactionKind::kHash:
      return "hash";
    case RedactionKind::kMask:
      return "mask";
    case RedactionKind::kDeny:
      return "deny";
  }
  return "null";
}

Result<RedactionKind> ParseRedactionKind(std::string_view name) {
  for (RedactionKind kind : {RedactionKind::kNone, RedactionKind::kNull, RedactionKind::kHash,
                             RedactionKind::kMask, RedactionKind::kDeny}) {
    if (name == RedactionKindName(kind)) return kind;
  }
  return InvalidArgument("redaction must be one of none, null, hash, mask, deny; got '", name, "'");
}

Redaction DefaultRedaction(std::optional<PiiKind> kind) {
  if (!kind) return Redaction{RedactionKind::kNull};
  switch (*kind) {
    case PiiKind::kEmail:
      return Redaction{RedactionKind::kMask, 1, 4};
    case PiiKind::kPhone:
      return Redaction{RedactionKind::kMask, 0, 4};
    case PiiKind::kSsn:
    case PiiKind::kCreditCard:
    case PiiKind::kMedical:
      return Redaction{RedactionKind::kDeny};
    case PiiKind::kIpAddress:
      return Redaction{RedactionKind::kHash};
    case PiiKind::kSalary:
    case PiiKind::kDateOfBirth:
    case PiiKind::kStreetAddress:
      return Redaction{RedactionKind::kNull};
  }
  return Redaction{RedactionKind::kNull};
}

Redaction RedactionFor(const Column& column, Sensitivity max_unmasked,
                       const ColumnRedactions& overrides) {
  if (column.EffectiveSensitivity() <= max_unmasked) return Redaction{RedactionKind::kNone};
  if (auto it = overrides.find(AsciiLower(column.name)); it != overrides.end()) {
    // An override never shows more than the clearance allows.
    if (it->second.kind != RedactionKind::kNone) return it->second;
  }
  return DefaultRedaction(column.pii ? std::optional<PiiKind>(column.pii->kind) : std::nullopt);
}

std::optional<std::string> RedactedColumnSql(const Column& column, const Redaction& redaction,
                                             std::string_view hash_secret) {
  const std::string name = SqlIdentifier(column.name);
  const std::string text = "CAST(" + name + " AS VARCHAR)";
  switch (redaction.kind) {
    case RedactionKind::kNone:
      return name;
    case RedactionKind::kNull:
      return "CAST(NULL AS " + column.type + ") AS " + name;
    case RedactionKind::kHash:
      return "sha256(" + SqlStringLiteral(hash_secret) + " || " + text + ") AS " + name;
    case RedactionKind::kMask: {
      const int32_t prefix = std::max<int32_t>(0, redaction.keep_prefix);
      const int32_t suffix = std::max<int32_t>(0, redaction.keep_suffix);
      const std::string shown =
          (prefix > 0 ? "left(" + text + ", " + std::to_string(prefix) + ") || " : "") +
          std::string("'***'") +
          (suffix > 0 ? " || right(" + text + ", " + std::to_string(suffix) + ")" : "");
      return "CASE WHEN " + name + " IS NULL THEN NULL WHEN length(" + text +
             ") <= " + std::to_string(prefix + suffix) + " THEN '***' ELSE " + shown + " END AS " +
             name;
    }
    case RedactionKind::kDeny:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace lakehouse
