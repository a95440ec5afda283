// Journal: the event journal (issue 20) — every committed change at the entity level, append-only
// in a SegmentLog (ADR 009; prefix "events"), never updated or deleted except by retention.
// Readable as the SQL view journal.events and through JournalQueries (journal_queries.h).
//
// One JSON line per event:
//   event_id, time (epoch µs), type, dataset, key, changes [{field, old, new}] (values as JSON
//   text), actor, source, version, payload (JSON text)
//
// Thread-safety: thread-safe.
#pragma once

#include <memory>

#include "audit/change_journal.h"
#include "audit/segment_log.h"
#include "common/clock.h"

namespace lakehouse {

struct JournalOptions {
  bool enabled = true;
  SegmentLogOptions segments;  // dir, prefix "events", rotation and retention
  bool sync = true;            // fdatasync each batch of events
};

class Journal final : public ChangeJournal {
 public:
  static Result<std::unique_ptr<Journal>> Open(JournalOptions options, const Clock* clock);

  bool enabled() const override { return options_.enabled; }
  Status Record(std::vector<JournalEvent> events) override;

  const SegmentLog& segments() const { return *segments_; }

  static std::string ToJsonLine(const JournalEvent& event);

 private:
  Journal(JournalOptions options, std::unique_ptr<SegmentLog> segments, const Clock* clock);
  const JournalOptions options_;
  const std::unique_ptr<SegmentLog> segments_;
  const Clock* const clock_;
};

}  // namespace lakehouse
