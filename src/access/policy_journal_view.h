// The event journal as a restricted reader sees it (issue 20: journal.events "subject to policy:
// old/new values are masked like their columns"). PolicyViews gives each restricted policy a view
// `journal.events` in its own catalog over the raw one (audit/audit_views.h) that keeps
//   * only events of datasets the policy reads whole (a grant with no row filter: an event names
//     its key, and a filtered reader could not tell hidden rows' events from visible ones);
//     application events without a dataset are admin-only;
//   * in each change, the old and new values (JSON text) of a redacted column redacted as its SQL
//     reads are (column_policy.h: null → JSON null, hash → the same SHA-256 as the column's,
//     mask → the same prefix/suffix), and the changes of a denied column left out.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/column_policy.h"

namespace lakehouse {

// A dataset whose events the reader sees, and how its columns are redacted for it.
struct JournalDatasetPolicy {
  std::string name;
  // Lower-case column name → its redaction, for the columns not shown as they are.
  std::vector<std::pair<std::string, Redaction>> redacted;
};

// `json_text` (an SQL expression holding a value as JSON text, e.g. '"a@b.com"' or 'null')
// under `redaction`, still JSON text; nullopt for kDeny.
std::optional<std::string> RedactedJsonTextSql(std::string_view json_text,
                                               const Redaction& redaction,
                                               std::string_view hash_secret);

// The SELECT of the reader's journal.events over `raw_events` (a qualified, quoted view name).
std::string PolicyJournalSelectSql(std::string_view raw_events,
                                   const std::vector<JournalDatasetPolicy>& datasets,
                                   std::string_view hash_secret);

}  // namespace lakehouse
