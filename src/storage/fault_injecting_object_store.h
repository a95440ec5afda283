// FaultInjectingObjectStore: an ObjectStore decorator for tests (LevelDB's FaultInjectionTestEnv).
// It forwards every call to the wrapped store unless a fault rule matches, so tests of any
// subsystem can make storage fail in chosen ways:
//
//   auto store = std::make_shared<FaultInjectingObjectStore>(inner);
//   store->FailAlways(StoreOp::kGet, "tables/", Unavailable("disk gone"));
//   store->FailOnce(StoreOp::kPut, "", ResourceExhausted("disk full"));
//   store->CrashAfterWrite("data/");   // the write lands, then the "process" dies
//
// A rule matches an operation when its op matches (or it has none) and the operation's key (the
// prefix for List, "" for FreeBytes) contains `key_substring`. Rules are tried in the order they
// were added; the first match fires and spends one of its `times` (-1 = unlimited).
//
// A kCrashAfterWrite rule on a write op performs the write on the inner store and then puts the
// store in the crashed state, returning the rule's status: the bytes are durable but the caller
// never learns it. While crashed every operation fails with UNAVAILABLE, until Restart(), which
// models the process coming back up over the same data (for commit-protocol recovery tests).
//
// Thread-safety: thread-safe. Ownership: shares ownership of the wrapped store.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/mutex.h"
#include "storage/object_store.h"
#include "storage/store_op.h"

namespace lakehouse {

struct FaultRule {
  enum class Mode {
    kFailBefore,       // fail without touching the inner store
    kCrashAfterWrite,  // write ops only: write through, then crash (other ops: like kFailBefore)
  };
  std::optional<StoreOp> op;                                           // nullopt: every operation
  std::string key_substring;                                           // "" matches every key
  Status status = Status(StatusCode::kUnavailable, "injected fault");  // OK is replaced by this
  int times = -1;  // how many times it fires; -1 = always
  Mode mode = Mode::kFailBefore;
};

class FaultInjectingObjectStore final : public ObjectStore {
 public:
  explicit FaultInjectingObjectStore(std::shared_ptr<ObjectStore> inner);

  void AddFault(FaultRule rule);
  void FailOnce(StoreOp op, std::string key_substring, Status status);
  void FailAlways(StoreOp op, std::string key_substring, Status status);
  // The next write whose key contains `key_substring` lands, then the store crashes.
  void CrashAfterWrite(std::string key_substring);
  void ClearFaults();

  bool crashed() const;
  // Leaves the crashed state; rules are kept.
  void Restart();
  // How many operations failed because of a rule or the crashed state.
  int64_t injected_failures() const;

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
  // What to do with one operation, decided under the mutex.
  struct Decision {
    Status status;  // non-OK: fail with this (after writing, if crash_after_write)
    bool crash_after_write = false;
  };
  Decision Decide(StoreOp op, std::string_view key);
  // Runs a write op through the fault rules.
  template <typename Write>
  Status RunWrite(StoreOp op, std::string_view key, Write write);

  const std::shared_ptr<ObjectStore> inner_;

  mutable Mutex mu_;
  std::vector<FaultRule> rules_ LH_GUARDED_BY(mu_);
  bool crashed_ LH_GUARDED_BY(mu_) = false;
  int64_t injected_failures_ LH_GUARDED_BY(mu_) = 0;
};

}  // namespace lakehouse
