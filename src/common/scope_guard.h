// ScopeGuard: runs a cleanup when it goes out of scope unless dismissed — for multi-phase
// operations that must undo their side effects on every early return (Abseil's absl::Cleanup).
//
//   ScopeGuard remove_uploaded([&] { RemoveUploaded(state); });
//   LH_RETURN_IF_ERROR(Upload(state));  // a failure removes what was uploaded
//   LH_RETURN_IF_ERROR(Commit(state));
//   remove_uploaded.Dismiss();          // committed: keep it
//
// The cleanup must not throw. Thread-safety: a value for one scope.
#pragma once

#include <utility>

namespace lakehouse {

template <typename Fn>
class [[nodiscard]] ScopeGuard {
 public:
  explicit ScopeGuard(Fn fn) : fn_(std::move(fn)) {}
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
  ~ScopeGuard() {
    if (armed_) fn_();
  }

  // The cleanup will not run.
  void Dismiss() { armed_ = false; }

 private:
  Fn fn_;
  bool armed_ = true;
};

}  // namespace lakehouse
