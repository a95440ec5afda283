// AuditLog: every request the server answers, append-only in a SegmentLog (ADR 009), readable by
// admins as the SQL view audit.requests, GET /access/audit and its Parquet export.
//
// Writes are durable before their response leaves: Record(…, durable=true) appends on the
// caller's thread and fdatasyncs (unless sync_writes is off). Reads are batched: Record(…,
// durable=false) queues the record and a background flusher appends the queue every
// flush_interval_ms (or as soon as it is half full). The queue is bounded (queue_capacity); when
// it is full the request that finds it full appends the whole queue itself before it answers —
// back-pressure on readers, never a dropped record. Shutdown (the destructor) appends what is
// queued. A failed append is logged and counted (stats().write_errors); the request is not
// failed by it.
//
// Subject keys (GET /audit/subject): a SQL record carries its result rows; before writing, the
// flusher resolves for each dataset the statement read that has a primary key and a result of at
// most subject_keys_max_rows rows, the key values of that column in the result, as subjects. A
// search record's doc ids become subjects of the index's dataset.
//
// Thread-safety: thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_record.h"
#include "audit/segment_log.h"
#include "common/clock.h"
#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse {

struct AuditLogOptions {
  bool enabled = true;
  SegmentLogOptions segments;  // dir, prefix "requests", rotation and retention
  bool sync_writes = true;     // fdatasync the records of write requests before they answer
  int64_t queue_capacity = 8192;
  int64_t flush_interval_ms = 200;
  int64_t subject_keys_max_rows = 100;
};

// What the flusher looks up to turn a record's results into subjects (off the request path).
struct AuditResolvers {
  // The primary-key column of a dataset, or nullopt when it has none or does not exist.
  std::function<std::optional<std::string>(const std::string& dataset)> primary_key;
  // The dataset a vector index is built over (its doc ids are that dataset's keys), or nullopt.
  std::function<std::optional<std::string>(const std::string& index)> index_dataset;
};

struct AuditLogStats {
  int64_t recorded = 0;
  int64_t queued = 0;
  int64_t caller_flushes = 0;  // appends done by a request that found the queue full
  int64_t write_errors = 0;
  SegmentLogStats segments;
};

class AuditLog {
 public:
  static Result<std::unique_ptr<AuditLog>> Open(AuditLogOptions options, const Clock* clock,
                                                AuditResolvers resolvers);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // See the header comment. No-op when disabled.
  void Record(AuditRecord record, bool durable);
  // Appends whatever is queued now (before reading the log back).
  Status Flush();

  const SegmentLog& segments() const { return *segments_; }
  bool enabled() const { return options_.enabled; }
  AuditLogStats stats() const;

 private:
  AuditLog(AuditLogOptions options, std::unique_ptr<SegmentLog> segments, AuditResolvers resolvers);
  void RunFlusher();
  std::string Serialize(AuditRecord& record) const;
  Status Append(std::vector<AuditRecord> records, bool sync);

  const AuditLogOptions options_;
  const std::unique_ptr<SegmentLog> segments_;
  const AuditResolvers resolvers_;

  mutable Mutex mu_;
  std::condition_variable wake_;
  std::vector<AuditRecord> queue_ LH_GUARDED_BY(mu_);
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  int64_t recorded_ LH_GUARDED_BY(mu_) = 0;
  int64_t caller_flushes_ LH_GUARDED_BY(mu_) = 0;
  int64_t write_errors_ LH_GUARDED_BY(mu_) = 0;
  // Serialises appends so records reach the segment in the order they were taken off the queue.
  Mutex append_mu_;
  std::thread flusher_;
};

}  // namespace lakehouse
