#include "access/policy_journal_view.h"

#include <algorithm>

#include "common/strings.h"
#include "sql/sql_literal.h"

namespace lakehouse {

std::optional<std::string> RedactedJsonTextSql(std::string_view json_text,
                                               const Redaction& redaction,
                                               std::string_view hash_secret) {
  const std::string v(json_text);
  const std::string absent = v + " IS NULL OR " + v + " = 'null'";
  // The value as its column's VARCHAR would show it: strings unquoted, numbers as written.
  const std::string text = "json_extract_string(" + v + ", '$')";
  switch (redaction.kind) {
    case RedactionKind::kNone:
      return v;
    case RedactionKind::kNull:
      return std::string("CASE WHEN " + v + " IS NULL THEN NULL ELSE 'null' END");
    case RedactionKind::kHash:
      return "CASE WHEN " + absent + " THEN " + v + " ELSE CAST(to_json(sha256(" +
             SqlStringLiteral(hash_secret) + " || " + text + ")) AS VARCHAR) END";
    case RedactionKind::kMask: {
      const int32_t prefix = std::max<int32_t>(0, redaction.keep_prefix);
      const int32_t suffix = std::max<int32_t>(0, redaction.keep_suffix);
      const std::string shown =
          (prefix > 0 ? "left(" + text + ", " + std::to_string(prefix) + ") || " : "") +
          std::string("'***'") +
          (suffix > 0 ? " || right(" + text + ", " + std::to_string(suffix) + ")" : "");
      return "CASE WHEN " + absent + " THEN " + v + " WHEN length(" + text +
             ") <= " + std::to_string(prefix + suffix) + " THEN '\"***\"' ELSE CAST(to_json(" +
             shown + ") AS VARCHAR) END";
    }
    case RedactionKind::kDeny:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string PolicyJournalSelectSql(std::string_view raw_events,
                                   const std::vector<JournalDatasetPolicy>& datasets,
                                   std::string_view hash_secret) {
  const std::string columns =
      "event_id, time, time_us, type, dataset, key, changes, actor, source, version, payload";
  if (datasets.empty()) {
    return "SELECT " + columns + " FROM " + std::string(raw_events) + " WHERE false";
  }
  std::string names;
  std::string per_dataset;
  for (const JournalDatasetPolicy& d : datasets) {
    const std::string name = SqlStringLiteral(AsciiLower(d.name));
    names += (names.empty() ? "" : ", ") + name;
    if (d.redacted.empty()) continue;
    std::string per_field;
    for (const auto& [column, redaction] : d.redacted) {
      std::optional<std::string> old_value = RedactedJsonTextSql("c.old", redaction, hash_secret);
      std::optional<std::string> new_value = RedactedJsonTextSql("c.new", redaction, hash_secret);
      per_field += " WHEN " + SqlStringLiteral(AsciiLower(column)) + " THEN " +
                   (old_value && new_value
                        ? "{'field': c.field, 'old': " + *old_value + ", 'new': " + *new_value + "}"
                        : std::string("NULL"));
    }
    per_dataset += " WHEN " + name +
                   " THEN list_filter(list_transform(changes, c -> CASE lower(c.field)" +
                   per_field + " ELSE c END), c -> c IS NOT NULL)";
  }
  const std::string changes =
      per_dataset.empty() ? "changes"
                          : "CASE lower(dataset)" + per_dataset + " ELSE changes END AS changes";
  return "SELECT event_id, time, time_us, type, dataset, key, " + changes +
         ", actor, source, version, payload FROM " + std::string(raw_events) +
         " WHERE lower(dataset) IN (" + names + ")";
}

}  // namespace lakehouse
