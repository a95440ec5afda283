// JournalingObjectStore: an ObjectStore decorator that records every failed operation of one bucket
// in the ErrorJournal and returns the failure unchanged. The BucketRegistry wraps every bucket in
// one, so failures are journaled whichever subsystem (HTTP, catalog, ingest) hit them.
//
// Recorded: every non-OK status except INVALID_ARGUMENT — a malformed key or range is the caller's
// mistake and says nothing about the bucket. NOT_FOUND is recorded (a missing object a caller
// expected can be the first sign of data loss). If the journal itself cannot be written the
// failure is logged and the original status is still returned.
//
// Thread-safety: thread-safe. Ownership: shares the inner store; the journal must outlive this.
#pragma once

#include <memory>
#include <string>

#include "storage/error_journal.h"
#include "storage/object_store.h"
#include "storage/store_op.h"

namespace lakehouse {

class JournalingObjectStore final : public ObjectStore {
 public:
  JournalingObjectStore(std::string bucket, std::shared_ptr<ObjectStore> inner,
                        ErrorJournal& journal);

  Status Put(std::string_view key, std::string_view data) override;
  Status PutFile(std::string_view key, const std::string& local_path) override;
  Status Append(std::string_view key, std::string_view data) override;
  bool HasNativeAppend() const override { return inner_->HasNativeAppend(); }
  Result<std::string> Get(std::string_view key) override;
  Result<std::string> GetRange(std::string_view key, int64_t offset, int64_t length) override;
  Status Delete(std::string_view key) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override;
  Result<std::string> LocalPath(std::string_view key) override;
  Result<HeldLocalPath> HoldLocalPath(std::string_view key) override;
  Result<int64_t> FreeBytes() override;

 private:
  // Records `status` when it is a failure worth journaling; returns it either way.
  const Status& Note(StoreOp op, std::string_view key, const Status& status);
  template <typename T>
  Result<T> Note(StoreOp op, std::string_view key, Result<T> result) {
    if (!result.ok()) Note(op, key, result.status());
    return result;
  }

  const std::string bucket_;
  const std::shared_ptr<ObjectStore> inner_;
  ErrorJournal& journal_;
};

}  // namespace lakehouse
