#include "catalog/snapshot_pin.h"

#include <utility>

#include "common/mutex.h"

namespace lakehouse {

SnapshotPin::SnapshotPin(SnapshotRegistry* registry, std::string dataset_id, int64_t version,
                         std::vector<DataFile> files)
    : registry_(registry),
      dataset_id_(std::move(dataset_id)),
      version_(version),
      files_(std::move(files)) {}

SnapshotPin::SnapshotPin(SnapshotPin&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)),
      dataset_id_(std::move(other.dataset_id_)),
      version_(other.version_),
      files_(std::move(other.files_)) {}

SnapshotPin& SnapshotPin::operator=(SnapshotPin&& other) noexcept {
  if (this != &other) {
    Release();
    registry_ = std::exchange(other.registry_, nullptr);
    dataset_id_ = std::move(other.dataset_id_);
    version_ = other.version_;
    files_ = std::move(other.files_);
  }
  return *this;
}

SnapshotPin::~SnapshotPin() { Release(); }

void SnapshotPin::Release() {
  if (registry_ != nullptr) registry_->Unpin(dataset_id_, version_);
  registry_ = nullptr;
}

SnapshotPin SnapshotRegistry::Pin(std::string dataset_id, int64_t version,
                                  std::vector<DataFile> files) {
  {
    MutexLock lock(mu_);
    ++pins_[dataset_id][version];
  }
  return SnapshotPin(this, std::move(dataset_id), version, std::move(files));
}

void SnapshotRegistry::Unpin(const std::string& dataset_id, int64_t version) {
  MutexLock lock(mu_);
  auto dataset = pins_.find(dataset_id);
  if (dataset == pins_.end()) return;
  auto entry = dataset->second.find(version);
  if (entry == dataset->second.end()) return;
  if (--entry->second == 0) dataset->second.erase(entry);
  if (dataset->second.empty()) pins_.erase(dataset);
}

std::map<std::string, int64_t> SnapshotRegistry::OldestPinned() const {
  MutexLock lock(mu_);
  std::map<std::string, int64_t> oldest;
  for (const auto& [dataset_id, versions] : pins_) oldest[dataset_id] = versions.begin()->first;
  return oldest;
}

int64_t SnapshotRegistry::pin_count() const {
  MutexLock lock(mu_);
  int64_t count = 0;
  for (const auto& [dataset_id, versions] : pins_) {
    for (const auto& [version, n] : versions) count += n;
  }
  return count;
}

}  // namespace lakehouse
