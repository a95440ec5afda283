// TopK: keeps the k best SearchHits seen so far in a bounded min-heap (O(log k) per accepted
// candidate, one comparison per rejected one), then hands them out in RanksBefore order.
//
// Thread-safety: externally synchronised; each search uses its own TopK.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "vector/search_hit.h"

namespace lakehouse {

class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k); }

  // True when a hit with this score could still enter the result; lets scans skip work.
  bool WouldAccept(float score) const { return heap_.size() < k_ || score >= heap_.front().score; }

  void Push(SearchHit hit) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back(hit);
      std::push_heap(heap_.begin(), heap_.end(), RanksBefore);
    } else if (RanksBefore(hit, heap_.front())) {
      // heap_.front() is the worst kept hit: RanksBefore as the heap's "less" puts it on top.
      std::pop_heap(heap_.begin(), heap_.end(), RanksBefore);
      heap_.back() = hit;
      std::push_heap(heap_.begin(), heap_.end(), RanksBefore);
    }
  }

  // The kept hits, best first. Leaves the TopK empty.
  std::vector<SearchHit> Take() {
    std::sort_heap(heap_.begin(), heap_.end(), RanksBefore);
    return std::move(heap_);
  }

 private:
  size_t k_;
  std::vector<SearchHit> heap_;
};

}  // namespace lakehouse
