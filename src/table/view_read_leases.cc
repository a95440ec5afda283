#include "table/view_read_leases.h"

#include "common/mutex.h"

namespace lakehouse {

ViewReadLeases::Lease& ViewReadLeases::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    epoch_ = other.epoch_;
  }
  return *this;
}

void ViewReadLeases::Lease::Release() {
  if (owner_ != nullptr) std::exchange(owner_, nullptr)->End(epoch_);
}

ViewReadLeases::Lease ViewReadLeases::Begin() {
  MutexLock lock(mu_);
  ++active_[epoch_];
  return Lease(this, epoch_);
}

void ViewReadLeases::Retire(SnapshotPin pin, std::vector<std::shared_ptr<const void>> file_holds) {
  std::vector<Retired> releasable;
  {
    MutexLock lock(mu_);
    retired_.emplace_back(epoch_, Retired{std::move(pin), std::move(file_holds)});
    ++epoch_;
    releasable = TakeReleasableLocked();
  }
  // `releasable` unpins here, outside mu_.
}

void ViewReadLeases::End(uint64_t epoch) {
  std::vector<Retired> releasable;
  {
    MutexLock lock(mu_);
    auto it = active_.find(epoch);
    if (it != active_.end() && --it->second == 0) active_.erase(it);
    releasable = TakeReleasableLocked();
  }
}

std::vector<ViewReadLeases::Retired> ViewReadLeases::TakeReleasableLocked() {
  // A pin retired at tag t may be needed by leases with epoch <= t.
  const uint64_t oldest = active_.empty() ? UINT64_MAX : active_.begin()->first;
  std::vector<Retired> out;
  size_t keep_from = 0;
  while (keep_from < retired_.size() && retired_[keep_from].first < oldest) ++keep_from;
  for (size_t i = 0; i < keep_from; ++i) out.push_back(std::move(retired_[i].second));
  retired_.erase(retired_.begin(), retired_.begin() + static_cast<std::ptrdiff_t>(keep_from));
  return out;
}

int64_t ViewReadLeases::active_leases() const {
  MutexLock lock(mu_);
  int64_t n = 0;
  for (const auto& [epoch, count] : active_) n += count;
  return n;
}

int64_t ViewReadLeases::retired_pins() const {
  MutexLock lock(mu_);
  return static_cast<int64_t>(retired_.size());
}

}  // namespace lakehouse
