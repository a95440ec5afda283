#include "audit/audit_log.h"

#include <chrono>

#include "common/logging.h"
#include "common/strings.h"
#include "sql/row_set.h"

namespace lakehouse {
namespace {

// A key value as text: strings as they are, numbers and booleans as their JSON.
std::string KeyText(const SqlValue& value) {
  if (const std::string* s = value.AsString()) return *s;
  return value.ToJson().dump();
}

}  // namespace

AuditLog::AuditLog(AuditLogOptions options, std::unique_ptr<SegmentLog> segments,
                   AuditResolvers resolvers)
    : options_(std::move(options)),
      segments_(std::move(segments)),
      resolvers_(std::move(resolvers)) {}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(AuditLogOptions options, const Clock* clock,
                                                 AuditResolvers resolvers) {
  if (options.queue_capacity < 1) options.queue_capacity = 1;
  if (options.flush_interval_ms < 1) options.flush_interval_ms = 1;
  LH_ASSIGN_OR_RETURN(std::unique_ptr<SegmentLog> segments,
                      SegmentLog::Open(options.segments, clock));
  std::unique_ptr<AuditLog> log(
      new AuditLog(std::move(options), std::move(segments), std::move(resolvers)));
  if (log->options_.enabled) log->flusher_ = std::thread([raw = log.get()] { raw->RunFlusher(); });
  return log;
}

AuditLog::~AuditLog() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  (void)Flush();
}

void AuditLog::Record(AuditRecord record, bool durable) {
  if (!options_.enabled) return;
  if (durable) {
    {
      MutexLock lock(mu_);
      ++recorded_;
    }
    std::vector<AuditRecord> one;
    one.push_back(std::move(record));
    (void)Append(std::move(one), options_.sync_writes);
    return;
  }
  std::vector<AuditRecord> full;
  {
    MutexLock lock(mu_);
    ++recorded_;
    queue_.push_back(std::move(record));
    const auto size = static_cast<int64_t>(queue_.size());
    if (size >= options_.queue_capacity) {
      full.swap(queue_);
      ++caller_flushes_;
    } else if (size == options_.queue_capacity / 2) {
      wake_.notify_one();
    }
  }
  if (!full.empty()) (void)Append(std::move(full), false);
}

Status AuditLog::Flush() {
  std::vector<AuditRecord> pending;
  {
    MutexLock lock(mu_);
    pending.swap(queue_);
  }
  return Append(std::move(pending), false);
}

void AuditLog::RunFlusher() {
  const auto interval = std::chrono::milliseconds(options_.flush_interval_ms);
  MutexLock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock.native(), interval, [this]() LH_REQUIRES(mu_) {
      return stopping_ || static_cast<int64_t>(queue_.size()) >= options_.queue_capacity / 2;
    });
    if (queue_.empty()) continue;
    std::vector<AuditRecord> batch;
    batch.swap(queue_);
    lock.Unlock();
    (void)Append(std::move(batch), false);
    lock.Lock();
  }
}

std::string AuditLog::Serialize(AuditRecord& record) const {
  if (!record.index_name.empty() && !record.doc_ids.empty() && resolvers_.index_dataset) {
    if (std::optional<std::string> dataset = resolvers_.index_dataset(record.index_name)) {
      record.AddDataset(*dataset);
      for (const std::string& id : record.doc_ids) record.subjects.push_back({*dataset, id});
    }
  }
  if (record.result_rows && resolvers_.primary_key) {
    const RowSet& rows = *record.result_rows;
    if (static_cast<int64_t>(rows.rows.size()) <= options_.subject_keys_max_rows) {
      for (const std::string& dataset : record.datasets) {
        std::optional<std::string> key = resolvers_.primary_key(dataset);
        if (!key) continue;
        for (size_t c = 0; c < rows.columns.size(); ++c) {
          if (!EqualsIgnoreAsciiCase(rows.columns[c].name, *key)) continue;
          for (const auto& row : rows.rows) {
            if (!row[c].is_null()) record.subjects.push_back({dataset, KeyText(row[c])});
          }
          break;
        }
      }
    }
    record.result_rows.reset();
  }
  return record.ToJsonLine();
}

Status AuditLog::Append(std::vector<AuditRecord> records, bool sync) {
  if (records.empty()) return Status::Ok();
  std::vector<std::string> lines;
  lines.reserve(records.size());
  for (AuditRecord& record : records) lines.push_back(Serialize(record));
  Status s;
  {
    MutexLock lock(append_mu_);
    s = segments_->Append(lines, sync);
  }
  if (!s.ok()) {
    MutexLock lock(mu_);
    ++write_errors_;
    LH_LOG_ERROR("audit log: {} records not written: {}", records.size(), s.ToString());
  }
  return s;
}

AuditLogStats AuditLog::stats() const {
  AuditLogStats out;
  {
    MutexLock lock(mu_);
    out.recorded = recorded_;
    out.queued = static_cast<int64_t>(queue_.size());
    out.caller_flushes = caller_flushes_;
    out.write_errors = write_errors_;
  }
  out.segments = segments_->Stats();
  return out;
}

}  // namespace lakehouse
