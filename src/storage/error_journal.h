// ErrorJournal: a durable log of failed bucket operations, for operators (GET /storage/errors).
//
// Each failure is one JSON line {"ts","bucket","op","key","code","message"} appended to the object
// "_errors/YYYY-MM-DD.jsonl" (UTC date of the Clock) in the store it is given — the primary
// bucket's raw store, so writing the journal is never itself journaled. Recent() reads the files
// back newest first; a torn last line (a crash mid-append) is skipped. On a store without a native
// append (S3: Append would read and rewrite the whole day, O(n) and racy between nodes sharing
// the bucket), each record is its own object "_errors/YYYY-MM-DD/<micros>-<uuid>.jsonl", written
// with one PUT and listed on read.
//
// A record that cannot be written — typically because the disk it would go to is full, the very
// failure it reports — is kept in memory instead (the newest kMaxUnsavedRecords), and Recent()
// shows it beside the saved ones, so GET /storage/errors still tells the operator the disk is
// full. Unsaved records do not survive a restart.
//
// Records need not name a bucket: failures outside the stores (upload spools, staging, the
// catalog, background compaction) are recorded with the bucket they concern or "".
//
// Thread-safety: thread-safe; appends are serialised by a mutex so lines never interleave.
// Ownership: shares the store; the Clock must outlive the journal.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/mutex.h"
#include "storage/object_store.h"

namespace lakehouse {

struct ErrorRecord {
  std::string ts;  // RFC 3339 UTC, e.g. "2026-11-24T12:50:26.123Z"
  std::string bucket;
  std::string op;    // StoreOpName(), e.g. "get_range"
  std::string key;   // the key or prefix; "" for bucket-wide operations
  std::string code;  // StatusCodeName(), e.g. "UNAVAILABLE"
  std::string message;

  Json ToJson() const;
  static Result<ErrorRecord> FromJson(const Json& json);
};

class ErrorJournal {
 public:
  static constexpr std::string_view kKeyPrefix = "_errors/";
  // Longer messages are cut, so one pathological error cannot bloat the journal.
  static constexpr size_t kMaxMessageBytes = 2048;
  // Records kept in memory when they could not be written.
  static constexpr size_t kMaxUnsavedRecords = 256;

  ErrorJournal(std::shared_ptr<ObjectStore> store, const Clock& clock);

  // Appends one record for `failure` (which must not be OK). When the append fails the record is
  // kept in memory and the append's failure returned.
  Status Record(std::string_view bucket, std::string_view op, std::string_view key,
                const Status& failure);

  // Up to `limit` records, newest first; only `bucket`'s when it is non-empty.
  Result<std::vector<ErrorRecord>> Recent(size_t limit, std::string_view bucket = "") const;

 private:
  Result<std::vector<ErrorRecord>> RecentSaved(size_t limit, std::string_view bucket) const;

  const std::shared_ptr<ObjectStore> store_;
  const Clock& clock_;
  Mutex append_mu_;  // serialises Record's appends
  mutable Mutex unsaved_mu_;
  std::deque<ErrorRecord> unsaved_ LH_GUARDED_BY(unsaved_mu_);  // oldest first
};

}  // namespace lakehouse
