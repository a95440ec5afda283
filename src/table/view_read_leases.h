// ViewReadLeases: keeps the files a running query may read from being reaped.
//
// A dataset view names its files when it is built. A query that binds the view and a commit that
// replaces it (a compaction, a replace) can overlap; the old files are removed from the catalog
// but must stay on disk until every query that may have bound the old view is done. The view
// registry holds a SnapshotPin for the files each current view reads; when it replaces a view it
// hands the old pin here (Retire) instead of dropping it. Queries take a Lease before they bind
// anything and hold it until their result is consumed.
//
// Epochs decide how long a retired pin lives: each Retire tags the pin with the current epoch and
// then advances it; each Lease records the epoch it started in. A query that started at epoch e
// can only have seen views retired at an epoch >= e (a view retired earlier was already replaced
// in DuckDB's catalog when the query started), so a retired pin is released once no lease with an
// epoch <= its tag is alive. A query that DuckDB rebinds later, to a newer view, is covered too:
// that view's pin is retired at an epoch >= e as well.
//
// Thread-safety: thread-safe. A Lease may be released on any thread. Pins are released outside
// the internal lock. The object must outlive its leases.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "catalog/snapshot_pin.h"
#include "common/mutex.h"

namespace lakehouse {

class ViewReadLeases {
 public:
  // Move-only; releases on destruction.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), epoch_(other.epoch_) {}
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { Release(); }
    void Release();

   private:
    friend class ViewReadLeases;
    Lease(ViewReadLeases* owner, uint64_t epoch) : owner_(owner), epoch_(epoch) {}
    ViewReadLeases* owner_;
    uint64_t epoch_;
  };

  ViewReadLeases() = default;
  ViewReadLeases(const ViewReadLeases&) = delete;
  ViewReadLeases& operator=(const ViewReadLeases&) = delete;

  // Called before a query binds any view.
  Lease Begin();
  // Called after the view that read `pin`'s files was replaced or dropped in DuckDB.
  // `file_holds` (the view's holds on cached copies of remote files, BucketRegistry::HoldReadPath)
  // are released together with the pin.
  void Retire(SnapshotPin pin, std::vector<std::shared_ptr<const void>> file_holds = {});

  int64_t active_leases() const;
  int64_t retired_pins() const;

 private:
  void End(uint64_t epoch);
  struct Retired {
    SnapshotPin pin;
    std::vector<std::shared_ptr<const void>> file_holds;
  };
  // The retired pins no live lease may need, removed from retired_; caller holds mu_.
  std::vector<Retired> TakeReleasableLocked() LH_REQUIRES(mu_);

  mutable Mutex mu_;
  uint64_t epoch_ LH_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, int64_t> active_ LH_GUARDED_BY(mu_);  // epoch → live leases
  std::vector<std::pair<uint64_t, Retired>> retired_
      LH_GUARDED_BY(mu_);  // (tag, pin), tags ascending
};

}  // namespace lakehouse
