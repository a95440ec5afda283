#include "audit/journal.h"

#include "common/ids.h"
#include "common/json_writer.h"

namespace lakehouse {

Journal::Journal(JournalOptions options, std::unique_ptr<SegmentLog> segments, const Clock* clock)
    : options_(std::move(options)), segments_(std::move(segments)), clock_(clock) {}

Result<std::unique_ptr<Journal>> Journal::Open(JournalOptions options, const Clock* clock) {
  LH_ASSIGN_OR_RETURN(std::unique_ptr<SegmentLog> segments,
                      SegmentLog::Open(options.segments, clock));
  return std::unique_ptr<Journal>(new Journal(std::move(options), std::move(segments), clock));
}

std::string Journal::ToJsonLine(const JournalEvent& event) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("event_id").String(event.event_id);
  w.Key("time").Int(event.time_us);
  w.Key("type").String(event.type);
  w.Key("dataset").String(event.dataset);
  w.Key("key");
  if (event.key.empty()) {
    w.Null();
  } else {
    w.String(event.key);
  }
  // Values are kept as JSON text so one column type holds every column's values.
  w.Key("changes").BeginArray();
  for (const JournalChange& c : event.changes) {
    w.BeginObject();
    w.Key("field").String(c.field);
    w.Key("old").String(c.old_json);
    w.Key("new").String(c.new_json);
    w.EndObject();
  }
  w.EndArray();
  w.Key("actor").String(event.actor);
  w.Key("source").String(event.source);
  w.Key("version").Int(event.version);
  w.Key("payload");
  if (event.payload.is_null()) {
    w.Null();
  } else {
    w.String(event.payload.dump());
  }
  w.EndObject();
  return out;
}

Status Journal::Record(std::vector<JournalEvent> events) {
  if (!options_.enabled || events.empty()) return Status::Ok();
  std::vector<std::string> lines;
  lines.reserve(events.size());
  const int64_t now = clock_->NowMicros();
  for (JournalEvent& event : events) {
    if (event.event_id.empty()) event.event_id = NewUuid();
    if (event.time_us == 0) event.time_us = now;
    lines.push_back(ToJsonLine(event));
  }
  return segments_->Append(lines, options_.sync);
}

}  // namespace lakehouse
