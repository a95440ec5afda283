#include "storage/error_journal.h"

#include <algorithm>
#include <utility>

#include "common/ids.h"
#include "common/mutex.h"

namespace lakehouse {
namespace {

// The journal object for the UTC day of `epoch_micros`: "_errors/2026-11-24.jsonl".
std::string JournalKey(int64_t epoch_micros) {
  return StrCat(ErrorJournal::kKeyPrefix, FormatTimestamp(epoch_micros).substr(0, 10), ".jsonl");
}

// One record's own object, for stores without a native append:
// "_errors/2026-11-24/00001795004226123456-<uuid>.jsonl" (zero-padded micros sort by time).
std::string SegmentKey(int64_t epoch_micros) {
  std::string micros = std::to_string(epoch_micros);
  if (micros.size() < 20) micros.insert(0, 20 - micros.size(), '0');
  return StrCat(ErrorJournal::kKeyPrefix, FormatTimestamp(epoch_micros).substr(0, 10), "/", micros,
                "-", NewUuid(), ".jsonl");
}

}  // namespace

Json ErrorRecord::ToJson() const {
  return Json{{"ts", ts},   {"bucket", bucket}, {"op", op},
              {"key", key}, {"code", code},     {"message", message}};
}

Result<ErrorRecord> ErrorRecord::FromJson(const Json& json) {
  ErrorRecord record;
  LH_ASSIGN_OR_RETURN(record.ts, RequiredString(json, "ts"));
  LH_ASSIGN_OR_RETURN(record.bucket, RequiredString(json, "bucket"));
  LH_ASSIGN_OR_RETURN(record.op, RequiredString(json, "op"));
  LH_ASSIGN_OR_RETURN(record.key, RequiredString(json, "key"));
  LH_ASSIGN_OR_RETURN(record.code, RequiredString(json, "code"));
  LH_ASSIGN_OR_RETURN(record.message, RequiredString(json, "message"));
  return record;
}

ErrorJournal::ErrorJournal(std::shared_ptr<ObjectStore> store, const Clock& clock)
    : store_(std::move(store)), clock_(clock) {}

Status ErrorJournal::Record(std::string_view bucket, std::string_view op, std::string_view key,
                            const Status& failure) {
  const int64_t now = clock_.NowMicros();
  ErrorRecord record{FormatTimestamp(now),
                     std::string(bucket),
                     std::string(op),
                     std::string(key),
                     std::string(StatusCodeName(failure.code())),
                     failure.message().substr(0, kMaxMessageBytes)};
  std::string line = DumpJson(record.ToJson());
  line += '\n';
  Status appended;
  if (!store_->HasNativeAppend()) {
    appended = store_->Put(SegmentKey(now), line);  // one object: no read, no race between nodes
  } else {
    MutexLock lock(append_mu_);
    appended = store_->Append(JournalKey(now), line);
  }
  if (!appended.ok()) {
    MutexLock lock(unsaved_mu_);
    unsaved_.push_back(std::move(record));
    if (unsaved_.size() > kMaxUnsavedRecords) unsaved_.pop_front();
  }
  return appended;
}

Result<std::vector<ErrorRecord>> ErrorJournal::Recent(size_t limit, std::string_view bucket) const {
  std::vector<ErrorRecord> unsaved;
  {
    MutexLock lock(unsaved_mu_);
    for (auto it = unsaved_.rbegin(); it != unsaved_.rend() && unsaved.size() < limit; ++it) {
      if (bucket.empty() || it->bucket == bucket) unsaved.push_back(*it);
    }
  }
  LH_ASSIGN_OR_RETURN(std::vector<ErrorRecord> out, RecentSaved(limit, bucket));
  if (unsaved.empty()) return out;
  out.insert(out.end(), unsaved.begin(), unsaved.end());
  // Timestamps share one fixed-width format, so text order is time order.
  std::stable_sort(out.begin(), out.end(),
                   [](const ErrorRecord& a, const ErrorRecord& b) { return a.ts > b.ts; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<std::vector<ErrorRecord>> ErrorJournal::RecentSaved(size_t limit,
                                                           std::string_view bucket) const {
  std::vector<ErrorRecord> out;
  if (limit == 0) return out;
  Result<std::vector<ObjectInfo>> listed = store_->List(kKeyPrefix);  // sorted by date
  if (!listed.ok() && listed.status().code() == StatusCode::kNotFound) return out;
  // Day files and one-record segments (their keys sort by time after the day's file).
  LH_ASSIGN_OR_RETURN(std::vector<ObjectInfo> days, std::move(listed));
  for (auto day = days.rbegin(); day != days.rend() && out.size() < limit; ++day) {
    Result<std::string> text = store_->Get(day->key);
    if (!text.ok()) {
      if (text.status().code() == StatusCode::kNotFound) continue;  // removed since the listing
      return text.status();
    }
    // Walk the lines backwards: the newest record is the last line.
    size_t end = text->size();
    while (end > 0 && out.size() < limit) {
      size_t start = text->rfind('\n', end - 1);
      start = (start == std::string::npos) ? 0 : start + 1;
      std::string_view line(text->data() + start, end - start);
      end = start == 0 ? 0 : start - 1;
      if (line.empty()) continue;
      Result<Json> json = ParseJson(line);
      if (!json.ok()) continue;  // a torn line from a crash mid-append
      Result<ErrorRecord> record = ErrorRecord::FromJson(*json);
      if (!record.ok()) continue;
      if (!bucket.empty() && record->bucket != bucket) continue;
      out.push_back(std::move(*record));
    }
  }
  return out;
}

}  // namespace lakehouse
