// DatasetCommitListener: told about every data commit a writer publishes, so that derived state
// (the read path's dataset views, vector indexes) can refresh or be marked stale. Writers call
// CommitListeners::Notify after a successful commit; the composition root registers the listeners
// before the server starts.
//
// Listeners run on the committing request's thread and must not fail the commit: they catch
// their own errors and return quickly (schedule heavy work elsewhere).
//
// Thread-safety: Add only during start-up (before any writer runs); Notify is then thread-safe.
// Listeners are borrowed and must outlive the list.
#pragma once

#include <vector>

#include "catalog/dataset.h"
#include "catalog/dataset_version.h"

namespace lakehouse {

class DatasetCommitListener {
 public:
  virtual ~DatasetCommitListener() = default;
  // `dataset` is the manifest after the commit, `version` the commit itself.
  virtual void OnCommit(const Dataset& dataset, const DatasetVersion& version) = 0;
  // The dataset (its manifest just before the delete) was deleted: state derived from it (vector
  // indexes) must go with it. Runs after the delete committed; default: nothing.
  virtual void OnDatasetDeleted(const Dataset& /*dataset*/) {}
};

class CommitListeners {
 public:
  void Add(DatasetCommitListener* listener) { listeners_.push_back(listener); }
  void Notify(const Dataset& dataset, const DatasetVersion& version) const {
    for (DatasetCommitListener* listener : listeners_) listener->OnCommit(dataset, version);
  }
  void NotifyDeleted(const Dataset& dataset) const {
    for (DatasetCommitListener* listener : listeners_) listener->OnDatasetDeleted(dataset);
  }
  bool empty() const { return listeners_.empty(); }

 private:
  std::vector<DatasetCommitListener*> listeners_;
};

}  // namespace lakehouse
