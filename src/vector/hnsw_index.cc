// The only translation unit that includes hnswlib: its header defines non-inline functions and
// globals, so a second includer would break the link.
#include "vector/hnsw_index.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "vector/hnsw_file.h"
#include "vector/vector_ops.h"

namespace lakehouse {
namespace {

static_assert(sizeof(hnswlib::labeltype) == sizeof(uint64_t), "labels are 64-bit");

using Hnsw = hnswlib::HierarchicalNSW<float>;

// Inner-product space with our own kernel (hnswlib's InnerProductSpace rewrites process-wide
// function pointers in its constructor, a data race with searches running in other indexes).
// The distance is -<a, b> rather than hnswlib's 1 - <a, b>: the same order (hnswlib only compares
// distances), and a hit's score is then exactly -distance, bit for bit the DotProduct that
// ExactIndex computes, with no rescoring pass over the hits' vectors.
class DotProductSpace final : public hnswlib::SpaceInterface<float> {
 public:
  explicit DotProductSpace(size_t dimensions) : dimensions_(dimensions) {}
  size_t get_data_size() override { return dimensions_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &Distance; }
  void* get_dist_func_param() override { return &dimensions_; }

 private:
  static float Distance(const void* a, const void* b, const void* dimensions) {
    return -DotProduct(static_cast<const float*>(a), static_cast<const float*>(b),
                       *static_cast<const size_t*>(dimensions));
  }
  size_t dimensions_;
};

Status CheckOptions(const HnswOptions& o) {
  if (o.dimensions < 1 || o.dimensions > 65536) {
    return InvalidArgument("vector dimensions must be in [1, 65536], got ",
                           std::to_string(o.dimensions));
  }
  if (o.m < 2 || o.m > 200) return InvalidArgument("hnsw m must be in [2, 200]");
  if (o.ef_construction < 1) return InvalidArgument("hnsw ef_construction must be positive");
  if (o.ef_search < 1) return InvalidArgument("hnsw ef_search must be positive");
  if (o.initial_capacity < 1 || o.initial_capacity > (int64_t{1} << 32) - 1) {
    return InvalidArgument("hnsw initial_capacity must be in [1, 2^32)");
  }
  return Status::Ok();
}

bool IsLive(const Hnsw& h, uint64_t label, hnswlib::tableint* id) {
  const auto it = h.label_lookup_.find(label);
  if (it == h.label_lookup_.end() || h.isMarkedDeleted(it->second)) return false;
  *id = it->second;
  return true;
}

// hnswlib reads its files without bounds checks; make sure every edge it will follow exists.
Status CheckGraph(const Hnsw& h, const std::string& path) {
  const size_t n = h.cur_element_count;
  auto corrupt = [&](const std::string& why) {
    return DataLoss("vector index file ", path, " is corrupt: ", why);
  };
  if (h.label_lookup_.size() != n) return corrupt("duplicate labels");
  for (hnswlib::tableint i = 0; i < n; ++i) {
    const int levels = h.element_levels_[i];
    for (int level = 0; level <= levels; ++level) {
      const hnswlib::linklistsizeint* list = h.get_linklist_at_level(i, level);
      const size_t count = h.getListCount(const_cast<hnswlib::linklistsizeint*>(list));
      if (count > (level == 0 ? h.maxM0_ : h.maxM_)) return corrupt("oversized neighbour list");
      const auto* neighbours = reinterpret_cast<const hnswlib::tableint*>(list + 1);
      for (size_t j = 0; j < count; ++j) {
        if (neighbours[j] >= n || h.element_levels_[neighbours[j]] < level) {
          return corrupt("dangling graph edge");
        }
      }
    }
  }
  if (n > 0 && h.element_levels_[h.enterpoint_node_] != h.maxlevel_) {
    return corrupt("bad entry point");
  }
  return Status::Ok();
}

// hnswlib 0.6.2's searchKnn with the candidate list size as an argument instead of the shared
// ef_ member (which only setEf, under the exclusive lock, may change): the same greedy descent
// through the upper layers, then the bottom-layer beam search of width max(ef, k).
std::priority_queue<std::pair<float, hnswlib::labeltype>> SearchWithEf(const Hnsw& h,
                                                                       const float* query, size_t k,
                                                                       size_t ef) {
  std::priority_queue<std::pair<float, hnswlib::labeltype>> result;
  if (h.cur_element_count == 0) return result;
  hnswlib::tableint current = h.enterpoint_node_;
  float current_distance =
      h.fstdistfunc_(query, h.getDataByInternalId(current), h.dist_func_param_);
  for (int level = h.maxlevel_; level > 0; --level) {
    bool changed = true;
    while (changed) {
      changed = false;
      const auto* list = reinterpret_cast<const unsigned int*>(h.get_linklist(current, level));
      const int size = h.getListCount(const_cast<unsigned int*>(list));
      const auto* neighbours = reinterpret_cast<const hnswlib::tableint*>(list + 1);
      for (int i = 0; i < size; ++i) {
        const hnswlib::tableint candidate = neighbours[i];
        if (candidate > h.max_elements_) throw std::runtime_error("cand error");
        const float d = h.fstdistfunc_(query, h.getDataByInternalId(candidate), h.dist_func_param_);
        if (d < current_distance) {
          current_distance = d;
          current = candidate;
          changed = true;
        }
      }
    }
  }
  auto top = h.num_deleted_ ? h.searchBaseLayerST<true>(current, query, std::max(ef, k))
                            : h.searchBaseLayerST<false>(current, query, std::max(ef, k));
  while (top.size() > k) top.pop();
  for (; !top.empty(); top.pop())
    result.emplace(top.top().first, h.getExternalLabel(top.top().second));
  return result;
}

}  // namespace

struct HnswIndex::Graph {
  explicit Graph(size_t dimensions) : space(dimensions) {}

  // Counters hnswlib leaves uninitialised in some constructors, and a deleted count its loader
  // accumulates onto an uninitialised value.
  void ResetBookkeeping() {
    hnsw->metric_distance_computations = 0;
    hnsw->metric_hops = 0;
    size_t deleted = 0;
    for (hnswlib::tableint i = 0; i < hnsw->cur_element_count; ++i) {
      deleted += hnsw->isMarkedDeleted(i) ? 1 : 0;
    }
    hnsw->num_deleted_ = deleted;
  }

  DotProductSpace space;  // must outlive hnsw, which points into it
  std::unique_ptr<Hnsw> hnsw;
};

HnswIndex::HnswIndex(const HnswOptions& options, std::unique_ptr<Graph> graph)
    : options_(options), graph_(std::move(graph)) {}

HnswIndex::~HnswIndex() = default;

Result<std::unique_ptr<HnswIndex>> HnswIndex::Create(const HnswOptions& options) {
  LH_RETURN_IF_ERROR(CheckOptions(options));
  auto graph = std::make_unique<Graph>(static_cast<size_t>(options.dimensions));
  try {
    graph->hnsw = std::make_unique<Hnsw>(
        &graph->space, static_cast<size_t>(options.initial_capacity),
        static_cast<size_t>(options.m), static_cast<size_t>(options.ef_construction),
        static_cast<size_t>(options.random_seed));
  } catch (const std::exception& e) {
    return ResourceExhausted("cannot allocate the vector index: ", e.what());
  }
  graph->hnsw->setEf(static_cast<size_t>(options.ef_search));
  graph->ResetBookkeeping();
  return std::unique_ptr<HnswIndex>(new HnswIndex(options, std::move(graph)));
}

Result<std::unique_ptr<HnswIndex>> HnswIndex::Load(const std::string& path,
                                                   const HnswOptions& options) {
  LH_RETURN_IF_ERROR(CheckOptions(options));
  const auto dims = static_cast<uint64_t>(options.dimensions);
  LH_ASSIGN_OR_RETURN(const HnswFileInfo info, InspectHnswFile(path, dims));
  auto graph = std::make_unique<Graph>(static_cast<size_t>(dims));
  const size_t capacity =
      std::max<size_t>(info.element_count, static_cast<size_t>(options.initial_capacity));
  try {
    graph->hnsw = std::make_unique<Hnsw>(&graph->space, path, false, capacity);
  } catch (const std::exception& e) {
    return DataLoss("cannot load vector index file ", path, ": ", e.what());
  }
  LH_RETURN_IF_ERROR(CheckGraph(*graph->hnsw, path));
  graph->hnsw->setEf(static_cast<size_t>(options.ef_search));
  graph->ResetBookkeeping();
  HnswOptions effective = options;
  effective.m = static_cast<int32_t>(info.m);
  effective.ef_construction = static_cast<int32_t>(info.ef_construction);
  return std::unique_ptr<HnswIndex>(new HnswIndex(effective, std::move(graph)));
}

Result<std::vector<float>> HnswIndex::Prepare(std::span<const float> vector,
                                              const char* what) const {
  LH_RETURN_IF_ERROR(CheckVector(vector, static_cast<size_t>(options_.dimensions), what));
  std::vector<float> copy(vector.begin(), vector.end());
  if (options_.normalize) NormalizeL2(copy);
  return copy;
}

Status HnswIndex::Add(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(const std::vector<float> v, Prepare(vector, "vector"));
  ExclusiveLock lock(mu_);
  Hnsw& h = *graph_->hnsw;
  try {
    if (!h.label_lookup_.contains(label) && h.cur_element_count >= h.max_elements_) {
      h.resizeIndex(std::max<size_t>(16, h.max_elements_ * 2));
    }
    h.addPoint(v.data(), label);
  } catch (const std::exception& e) {
    return ResourceExhausted("vector index insert failed: ", e.what());
  }
  return Status::Ok();
}

Status HnswIndex::AddBatch(std::span<const uint64_t> labels, std::span<const float> rows,
                           int32_t threads) {
  const size_t dims = static_cast<size_t>(options_.dimensions);
  if (rows.size() != labels.size() * dims) {
    return InvalidArgument("AddBatch: ", std::to_string(rows.size()), " floats for ",
                           std::to_string(labels.size()), " labels");
  }
  std::vector<float> prepared(rows.begin(), rows.end());
  if (options_.normalize) {
    for (size_t r = 0; r < labels.size(); ++r) NormalizeL2({prepared.data() + r * dims, dims});
  }
  ExclusiveLock lock(mu_);
  Hnsw& h = *graph_->hnsw;
  // New distinct labels go in concurrently; the rest (updates, repeats) one by one afterwards.
  std::vector<size_t> fresh, serial;
  {
    std::unordered_set<uint64_t> seen;
    for (size_t r = 0; r < labels.size(); ++r) {
      const bool is_new = !h.label_lookup_.contains(labels[r]) && seen.insert(labels[r]).second;
      (is_new ? fresh : serial).push_back(r);
    }
  }
  try {
    const size_t needed = h.cur_element_count + fresh.size() + serial.size();
    if (needed > h.max_elements_) h.resizeIndex(std::max<size_t>(needed, h.max_elements_ * 2));
  } catch (const std::exception& e) {
    return ResourceExhausted("vector index resize failed: ", e.what());
  }
  const size_t n_threads =
      std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1, fresh.size() / 64 + 1);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::string error;
  std::mutex error_mu;
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < fresh.size() && !failed; i = next.fetch_add(1)) {
      const size_t r = fresh[i];
      try {
        h.addPoint(prepared.data() + r * dims, labels[r]);
      } catch (const std::exception& e) {
        std::lock_guard guard(error_mu);
        error = e.what();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n_threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (failed) return ResourceExhausted("vector index insert failed: ", error);
  try {
    for (size_t r : serial) h.addPoint(prepared.data() + r * dims, labels[r]);
  } catch (const std::exception& e) {
    return ResourceExhausted("vector index insert failed: ", e.what());
  }
  return Status::Ok();
}

Status HnswIndex::Remove(uint64_t label) {
  ExclusiveLock lock(mu_);
  Hnsw& h = *graph_->hnsw;
  hnswlib::tableint id;
  if (!IsLive(h, label, &id)) {
    return NotFound("vector label ", std::to_string(label), " is not in the index");
  }
  h.markDeletedInternal(id);
  return Status::Ok();
}

Result<std::vector<SearchHit>> HnswIndex::Search(std::span<const float> query, int32_t k) const {
  return Search(query, k, 0);
}

Result<std::vector<SearchHit>> HnswIndex::Search(std::span<const float> query, int32_t k,
                                                 int32_t ef_search) const {
  if (k < 0) return InvalidArgument("k must be non-negative, got ", std::to_string(k));
  if (ef_search < 0) return InvalidArgument("ef_search must be positive");
  LH_ASSIGN_OR_RETURN(const std::vector<float> q, Prepare(query, "query"));
  std::vector<SearchHit> hits;
  SharedLock lock(mu_);
  const Hnsw& h = *graph_->hnsw;
  const size_t live = h.cur_element_count - h.num_deleted_;
  if (k == 0 || live == 0) return hits;
  const size_t want = std::min(static_cast<size_t>(k), live);
  std::priority_queue<std::pair<float, hnswlib::labeltype>> found;
  try {
    if (ef_search == 0) {
      found = h.searchKnn(q.data(), want);
    } else {
      found = SearchWithEf(h, q.data(), want, static_cast<size_t>(ef_search));
    }
  } catch (const std::exception& e) {
    return Internal("vector index search failed: ", e.what());
  }
  // searchKnn leaves out elements marked deleted (Remove marks them under the exclusive lock).
  hits.reserve(found.size());
  for (; !found.empty(); found.pop()) hits.push_back({found.top().second, -found.top().first});
  std::sort(hits.begin(), hits.end(), RanksBefore);
  return hits;
}

Status HnswIndex::SetEfSearch(int32_t ef_search) {
  if (ef_search < 1) return InvalidArgument("hnsw ef_search must be positive");
  ExclusiveLock lock(mu_);
  graph_->hnsw->setEf(static_cast<size_t>(ef_search));
  return Status::Ok();
}

Status HnswIndex::Save(const std::string& path) const {
  SharedLock lock(mu_);
  Hnsw& h = *graph_->hnsw;
  uint64_t link_list_bytes = 0;
  for (hnswlib::tableint i = 0; i < h.cur_element_count; ++i) {
    if (h.element_levels_[i] > 0)
      link_list_bytes += h.size_links_per_element_ * h.element_levels_[i];
  }
  const uint64_t expected =
      HnswFileSize(h.cur_element_count, h.data_size_ / sizeof(float), h.M_, link_list_bytes);
  return ReplaceFileAtomically(path, expected, [&](const std::string& temp) -> Status {
    try {
      h.saveIndex(temp);
    } catch (const std::exception& e) {
      return Internal("writing vector index ", temp, ": ", e.what());
    }
    return Status::Ok();
  });
}

bool HnswIndex::Contains(uint64_t label) const {
  SharedLock lock(mu_);
  hnswlib::tableint id;
  return IsLive(*graph_->hnsw, label, &id);
}

HnswStats HnswIndex::stats() const {
  SharedLock lock(mu_);
  const Hnsw& h = *graph_->hnsw;
  return {static_cast<int64_t>(h.cur_element_count - h.num_deleted_),
          static_cast<int64_t>(h.num_deleted_), static_cast<int64_t>(h.max_elements_)};
}

}  // namespace lakehouse
