#include "storage/fault_injecting_object_store.h"

#include <utility>

#include "common/mutex.h"

namespace lakehouse {

FaultInjectingObjectStore::FaultInjectingObjectStore(std::shared_ptr<ObjectStore> inner)
    : inner_(std::move(inner)) {}

void FaultInjectingObjectStore::AddFault(FaultRule rule) {
  if (rule.status.ok()) rule.status = Unavailable("injected fault");  // a fault must fail
  MutexLock lock(mu_);
  rules_.push_back(std::move(rule));
}

void FaultInjectingObjectStore::FailOnce(StoreOp op, std::string key_substring, Status status) {
  AddFault(FaultRule{op, std::move(key_substring), std::move(status), 1});
}

void FaultInjectingObjectStore::FailAlways(StoreOp op, std::string key_substring, Status status) {
  AddFault(FaultRule{op, std::move(key_substring), std::move(status), -1});
}

void FaultInjectingObjectStore::CrashAfterWrite(std::string key_substring) {
  FaultRule rule;
  rule.key_substring = std::move(key_substring);
  rule.status = Unavailable("simulated crash after the data was written");
  rule.times = 1;
  rule.mode = FaultRule::Mode::kCrashAfterWrite;
  AddFault(std::move(rule));
}

void FaultInjectingObjectStore::ClearFaults() {
  MutexLock lock(mu_);
  rules_.clear();
}

bool FaultInjectingObjectStore::crashed() const {
  MutexLock lock(mu_);
  return crashed_;
}

void FaultInjectingObjectStore::Restart() {
  MutexLock lock(mu_);
  crashed_ = false;
}

int64_t FaultInjectingObjectStore::injected_failures() const {
  MutexLock lock(mu_);
  return injected_failures_;
}

FaultInjectingObjectStore::Decision FaultInjectingObjectStore::Decide(StoreOp op,
                                                                      std::string_view key) {
  MutexLock lock(mu_);
  if (crashed_) {
    ++injected_failures_;
    return {Unavailable("store is down after a simulated crash (", StoreOpName(op), ")"), false};
  }
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (it->op.has_value() && *it->op != op) continue;
    if (key.find(it->key_substring) == std::string_view::npos) continue;
    // A crash rule only fires on writes; reads pass through it untouched.
    const bool crash = it->mode == FaultRule::Mode::kCrashAfterWrite;
    if (crash && !IsWriteOp(op)) continue;
    Decision decision{it->status, crash};
    if (it->times > 0 && --it->times == 0) rules_.erase(it);
    ++injected_failures_;
    return decision;
  }
  return {};
}

template <typename Write>
Status FaultInjectingObjectStore::RunWrite(StoreOp op, std::string_view key, Write write) {
  Decision decision = Decide(op, key);
  if (!decision.status.ok() && !decision.crash_after_write) return decision.status;
  Status written = write();
  if (!decision.crash_after_write) return written;
  {
    MutexLock lock(mu_);
    crashed_ = true;
  }
  return decision.status;
}

Status FaultInjectingObjectStore::Put(std::string_view key, std::string_view data) {
  return RunWrite(StoreOp::kPut, key, [&] { return inner_->Put(key, data); });
}

Status FaultInjectingObjectStore::PutFile(std::string_view key, const std::string& local_path) {
  return RunWrite(StoreOp::kPutFile, key, [&] { return inner_->PutFile(key, local_path); });
}

Status FaultInjectingObjectStore::Append(std::string_view key, std::string_view data) {
  return RunWrite(StoreOp::kAppend, key, [&] { return inner_->Append(key, data); });
}

Status FaultInjectingObjectStore::Delete(std::string_view key) {
  return RunWrite(StoreOp::kDelete, key, [&] { return inner_->Delete(key); });
}

Result<std::string> FaultInjectingObjectStore::Get(std::string_view key) {
  Decision decision = Decide(StoreOp::kGet, key);
  if (!decision.status.ok()) return decision.status;
  return inner_->Get(key);
}

Result<std::string> FaultInjectingObjectStore::GetRange(std::string_view key, int64_t offset,
                                                        int64_t length) {
  Decision decision = Decide(StoreOp::kGetRange, key);
  if (!decision.status.ok()) return decision.status;
  return inner_->GetRange(key, offset, length);
}

Result<ObjectInfo> FaultInjectingObjectStore::Stat(std::string_view key) {
  Decision decision = Decide(StoreOp::kStat, key);
  if (!decision.status.ok()) return decision.status;
  return inner_->Stat(key);
}

Result<std::vector<ObjectInfo>> FaultInjectingObjectStore::List(std::string_view prefix) {
  Decision decision = Decide(StoreOp::kList, prefix);
  if (!decision.status.ok()) return decision.status;
  return inner_->List(prefix);
}

Result<std::string> FaultInjectingObjectStore::LocalPath(std::string_view key) {
  Decision decision = Decide(StoreOp::kLocalPath, key);
  if (!decision.status.ok()) return decision.status;
  return inner_->LocalPath(key);
}

Result<HeldLocalPath> FaultInjectingObjectStore::HoldLocalPath(std::string_view key) {
  Decision decision = Decide(StoreOp::kLocalPath, key);
  if (!decision.status.ok()) return decision.status;
  return inner_->HoldLocalPath(key);
}

Result<int64_t> FaultInjectingObjectStore::FreeBytes() {
  Decision decision = Decide(StoreOp::kFreeBytes, "");
  if (!decision.status.ok()) return decision.status;
  return inner_->FreeBytes();
}

}  // namespace lakehouse
