// AnnCandidate: one approximate-nearest-neighbour library under test in bench/ann_library_bench
// (ADR 014), behind one small interface so that every candidate sees the same data, the same
// queries and the same measurements in one run. Each library lives in its own translation unit
// (hnswlib 0.6.2 and 0.8 define the same non-inline functions; each is wrapped in a namespace).
//
// Vectors are unit-norm float32 rows; scores are inner products. Labels are row numbers.
// Thread-safety: Build may use several threads internally; Search and SearchFiltered may run
// concurrently with each other but not with Build or SetEf.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lakehouse::bench {

struct AnnParams {
  int dims = 384;
  int m = 16;                 // links per node (2·m on the bottom layer), every library
  int ef_construction = 200;  // candidate list while inserting
};

class AnnCandidate {
 public:
  virtual ~AnnCandidate() = default;
  virtual std::string name() const = 0;
  // Whether Build may use more than one thread safely.
  virtual bool parallel_build() const = 0;
  // Inserts rows [0, rows) of `data` (row-major, params.dims floats each) with `threads` threads.
  virtual void Build(std::span<const float> data, int threads) = 0;
  virtual void SetEf(int ef_search) = 0;
  // Up to k labels, best first.
  virtual std::vector<uint64_t> Search(std::span<const float> query, int k) const = 0;
  // Up to k labels among those with allowed[label] != 0, best first, using the library's own
  // filtered search (only when has_filtered_search()).
  virtual bool has_filtered_search() const = 0;
  virtual std::vector<uint64_t> SearchFiltered(std::span<const float> query, int k,
                                               const std::vector<uint8_t>& allowed) const = 0;
};

// Debian's hnswlib 0.6.2 (the library of ADR 002): no filter, Build single-threaded only.
std::unique_ptr<AnnCandidate> MakeHnswlib06(const AnnParams& params, size_t capacity);
// hnswlib 0.8 (bundled by npm hnswlib-node 3.0.0): filter functor, concurrent addPoint.
std::unique_ptr<AnnCandidate> MakeHnswlib08(const AnnParams& params, size_t capacity);

// USearch 2.26 with the graph's vectors stored as float32, float16 or int8. int8 uses a global
// scale (127 / the largest |component| of the data, rounded) and rescores the best
// `rescore_factor`·k candidates with the float vectors in `data` (Build's span, kept by
// reference: in the server they are the index's own part files, read from the page cache).
enum class UsearchScalar { kF32, kF16, kI8 };
std::unique_ptr<AnnCandidate> MakeUsearch(const AnnParams& params, size_t capacity,
                                          UsearchScalar scalar, int rescore_factor);

}  // namespace lakehouse::bench
