// SegmentLog: an append-only log of JSON lines in a directory of segment files
// (`<prefix>-<first record's epoch µs, 16 digits>.jsonl`), the storage under the audit log and the
// event journal (ADR 009). Records are only ever appended; a segment is closed when it grows past
// `max_segment_bytes` or gets older than `max_segment_age_us`, and closed segments whose last
// write is older than `retention_us` are deleted (the only way a record ever goes away). DuckDB
// reads the segments directly (read_json over `Glob()`), so the SQL views, filters and the Parquet
// export need no second copy.
//
// Durability: Append(…, sync=true) returns after fdatasync, so the lines survive a machine crash;
// sync=false returns once the lines are in the OS (they survive a crash of the process). A torn
// last line after a machine crash is skipped by readers (ignore_errors).
//
// Thread-safety: thread-safe (one mutex around the open segment).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse {

struct SegmentLogOptions {
  std::string dir;
  std::string prefix = "seg";
  int64_t max_segment_bytes = 64 << 20;
  int64_t max_segment_age_us = 24LL * 3600 * 1'000'000;  // one day
  int64_t retention_us = 0;                              // 0: keep forever
};

struct SegmentLogStats {
  int64_t segments = 0;
  int64_t bytes = 0;
  int64_t lines_appended = 0;  // by this process
  int64_t segments_deleted = 0;
};

class SegmentLog {
 public:
  // Creates the directory and an (empty) open segment, so readers always find a file.
  static Result<std::unique_ptr<SegmentLog>> Open(SegmentLogOptions options, const Clock* clock);
  ~SegmentLog();
  SegmentLog(const SegmentLog&) = delete;
  SegmentLog& operator=(const SegmentLog&) = delete;

  // Appends each line (without its '\n'; must hold none) in order, rotating first when due.
  Status Append(const std::vector<std::string>& lines, bool sync);

  // Deletes closed segments past retention now (also done on every rotation).
  void ApplyRetention();

  // The segment files, oldest first.
  std::vector<std::string> Segments() const;
  // A glob DuckDB expands to every segment: "<dir>/<prefix>-*.jsonl".
  std::string Glob() const;
  SegmentLogStats Stats() const;

 private:
  SegmentLog(SegmentLogOptions options, const Clock* clock);
  Status OpenNewSegment() LH_REQUIRES(mu_);
  void ApplyRetentionLocked() LH_REQUIRES(mu_);

  const SegmentLogOptions options_;
  const Clock* const clock_;
  mutable Mutex mu_;
  int fd_ LH_GUARDED_BY(mu_) = -1;
  std::string current_ LH_GUARDED_BY(mu_);
  int64_t current_bytes_ LH_GUARDED_BY(mu_) = 0;
  int64_t current_started_us_ LH_GUARDED_BY(mu_) = 0;
  int64_t lines_appended_ LH_GUARDED_BY(mu_) = 0;
  int64_t segments_deleted_ LH_GUARDED_BY(mu_) = 0;
};

}  // namespace lakehouse
