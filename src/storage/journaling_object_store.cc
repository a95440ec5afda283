#include "storage/journaling_object_store.h"

#include <utility>

#include "common/logging.h"

namespace lakehouse {

JournalingObjectStore::JournalingObjectStore(std::string bucket, std::shared_ptr<ObjectStore> inner,
                                             ErrorJournal& journal)
    : bucket_(std::move(bucket)), inner_(std::move(inner)), journal_(journal) {}

const Status& JournalingObjectStore::Note(StoreOp op, std::string_view key, const Status& status) {
  if (status.ok() || status.code() == StatusCode::kInvalidArgument) return status;
  Status recorded = journal_.Record(bucket_, StoreOpName(op), key, status);
  if (!recorded.ok()) {
    LH_LOG_WARN("could not journal failed {} on bucket '{}': {} (original error: {})",
                StoreOpName(op), bucket_, recorded.ToString(), status.ToString());
  }
  return status;
}

Status JournalingObjectStore::Put(std::string_view key, std::string_view data) {
  return Note(StoreOp::kPut, key, inner_->Put(key, data));
}

Status JournalingObjectStore::PutFile(std::string_view key, const std::string& local_path) {
  return Note(StoreOp::kPutFile, key, inner_->PutFile(key, local_path));
}

Status JournalingObjectStore::Append(std::string_view key, std::string_view data) {
  return Note(StoreOp::kAppend, key, inner_->Append(key, data));
}

Result<std::string> JournalingObjectStore::Get(std::string_view key) {
  return Note(StoreOp::kGet, key, inner_->Get(key));
}

Result<std::string> JournalingObjectStore::GetRange(std::string_view key, int64_t offset,
                                                    int64_t length) {
  return Note(StoreOp::kGetRange, key, inner_->GetRange(key, offset, length));
}

Status JournalingObjectStore::Delete(std::string_view key) {
  return Note(StoreOp::kDelete, key, inner_->Delete(key));
}

Result<ObjectInfo> JournalingObjectStore::Stat(std::string_view key) {
  return Note(StoreOp::kStat, key, inner_->Stat(key));
}

Result<std::vector<ObjectInfo>> JournalingObjectStore::List(std::string_view prefix) {
  return Note(StoreOp::kList, prefix, inner_->List(prefix));
}

Result<std::string> JournalingObjectStore::LocalPath(std::string_view key) {
  return Note(StoreOp::kLocalPath, key, inner_->LocalPath(key));
}

Result<HeldLocalPath> JournalingObjectStore::HoldLocalPath(std::string_view key) {
  return Note(StoreOp::kLocalPath, key, inner_->HoldLocalPath(key));
}

Result<int64_t> JournalingObjectStore::FreeBytes() {
  return Note(StoreOp::kFreeBytes, "", inner_->FreeBytes());
}

}  // namespace lakehouse
