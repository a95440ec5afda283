// FilterCache: search filters resolved once per dataset version into the documents they allow.
//
// A search `filter` is a SQL expression over the dataset's columns; resolving it is one pass of
// DuckDB over the whole dataset (35–100 ms on real data). The result only depends on the dataset's
// contents, so it is kept per (dataset id, dataset version, id column, filter text): the next
// search with the same filter at the same version skips SQL entirely. A new dataset version is a
// new key, so a commit (append, upsert, delete) can never serve an outdated set; old versions'
// entries age out of the LRU.
//
// A ResolvedFilter also keeps the labels of its documents' chunks in one index generation, re-read
// when the generation publishes a batch (IndexGeneration::publish_epoch), so a filtered search
// costs no per-query doc → label walk either.
//
// Bounds: at most kMaxEntries filters and kMaxDocs document ids over all of them (least recently
// used first out); a set larger than kMaxDocs is not kept.
//
// Thread-safety: thread-safe. ResolvedFilter is immutable apart from its label slot (own mutex).
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/mutex.h"
#include "vector/index_generation.h"

namespace lakehouse {

struct FilterKey {
  std::string dataset_id;
  int64_t version = 0;
  std::string id_column;
  std::string filter;

  std::string Encode() const;  // the map key
};

class ResolvedFilter {
 public:
  explicit ResolvedFilter(std::unordered_set<std::string> docs) : docs_(std::move(docs)) {}

  const std::unordered_set<std::string>& docs() const { return docs_; }
  // The sorted labels of the allowed documents' chunks in `gen`, cached until gen publishes.
  std::shared_ptr<const std::vector<uint64_t>> Labels(
      const std::shared_ptr<const IndexGeneration>& gen) const;

 private:
  const std::unordered_set<std::string> docs_;
  mutable Mutex mu_;
  mutable std::weak_ptr<const IndexGeneration> gen_ LH_GUARDED_BY(mu_);
  mutable int64_t epoch_ LH_GUARDED_BY(mu_) = -1;
  mutable std::shared_ptr<const std::vector<uint64_t>> labels_ LH_GUARDED_BY(mu_);
};

class FilterCache {
 public:
  static constexpr size_t kMaxEntries = 256;
  static constexpr size_t kMaxDocs = 4'000'000;

  // The cached set for `key`, or null.
  std::shared_ptr<const ResolvedFilter> Find(const FilterKey& key);
  // Caches `docs` for `key` (replacing an entry) and returns it; a set over kMaxDocs is returned
  // but not kept.
  std::shared_ptr<const ResolvedFilter> Insert(const FilterKey& key,
                                               std::unordered_set<std::string> docs);
  size_t size() const;
  size_t docs() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const ResolvedFilter> filter;
  };
  void EvictLocked() LH_REQUIRES(mu_);

  mutable Mutex mu_;
  std::list<Entry> lru_ LH_GUARDED_BY(mu_);  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_ LH_GUARDED_BY(mu_);
  size_t docs_ LH_GUARDED_BY(mu_) = 0;
};

}  // namespace lakehouse
