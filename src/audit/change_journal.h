// ChangeJournal: where writers report committed changes at the entity level (the event journal,
// journal.h). Header-only so writers (ingest/) depend on the interface, not the journal.
//
// Event types: "insert" / "update" (a keyed row; an update lists only the fields whose value
// changed, old and new), "tombstone" (a key deleted), "commit" (one per commit of a dataset
// without a key, or of a replace: counts in `payload`), and application events (any other type,
// POST /journal/event).
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

// One changed field. The values are JSON text as DuckDB's to_json renders the column's typed
// value ("null" for NULL and for the old value of an insert), written to the journal as is.
struct JournalChange {
  std::string field;
  std::string old_json = "null";
  std::string new_json = "null";
};

struct JournalEvent {
  std::string event_id{};  // set by the journal
  int64_t time_us = 0;     // set by the journal when 0
  std::string type{};
  std::string dataset{};
  std::string key{};  // "" for commit events
  std::vector<JournalChange> changes{};
  std::string actor{};   // the principal
  std::string source{};  // "api", "ingest:<job id>", "db_pull:<job id>", "app"
  int64_t version = 0;
  Json payload{};  // null or an object
};

class ChangeJournal {
 public:
  virtual ~ChangeJournal() = default;
  // False when journal.enabled is off: writers skip computing changes at all.
  virtual bool enabled() const = 0;
  // Appends durably (returns after the events are on disk).
  virtual Status Record(std::vector<JournalEvent> events) = 0;
};

}  // namespace lakehouse
