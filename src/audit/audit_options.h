// AuditOptions and JournalOptionsConfig: the [audit] and [journal] configuration sections (the
// key table in config/config_keys.cc; lakehouse.example.toml documents each). The composition
// root turns them into AuditLogOptions (audit_log.h) and JournalOptions (journal.h), with the
// segment directories under the data directory (<data_dir>/audit, <data_dir>/journal).
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>

namespace lakehouse {

struct AuditOptions {
  // 1: every request is audited (the default); 0: nothing is (no record, no file written).
  int64_t enabled = 1;
  // 1: a write request's record is fdatasync'ed before it answers (survives a machine crash);
  // 0: written to the OS only (survives a crash of the process), a few ms faster per write.
  int64_t sync_writes = 1;
  // Read requests' records waiting for the background flusher. When full, the request that
  // finds it full appends the whole queue itself (back-pressure; no record is dropped).
  int64_t queue_capacity = 8192;
  // How often the flusher appends queued records (also when the queue is half full).
  int64_t flush_interval_ms = 200;
  // A SQL result of at most this many rows records the key values it returned for each keyed
  // dataset it read (GET /audit/subject); larger results record only the statement.
  int64_t subject_keys_max_rows = 100;
  // A segment file is closed when it grows past this or gets older than segment_max_age_s.
  int64_t segment_max_bytes = 64 << 20;
  int64_t segment_max_age_s = 86'400;
  // Closed segments older than this are deleted; 0 keeps everything.
  int64_t retention_days = 0;
};

struct JournalOptionsConfig {
  // 1: committed changes are journaled (the default). 0: no events, and the keyed ingest path
  // skips computing old vs new values entirely.
  int64_t enabled = 1;
  int64_t segment_max_bytes = 64 << 20;
  int64_t segment_max_age_s = 86'400;
  int64_t retention_days = 0;  // 0 keeps everything
};

}  // namespace lakehouse
