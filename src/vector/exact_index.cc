#include "vector/exact_index.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <system_error>
#include <thread>

#include "vector/aligned_buffer.h"
#include "vector/vector_ops.h"

namespace lakehouse {
namespace {

constexpr size_t kScanBlockRows = 256;  // scores per kernel call; fits in L1 with its rows' labels

}  // namespace

Result<std::unique_ptr<ExactIndex>> ExactIndex::Create(const ExactIndexOptions& options) {
  if (options.dimensions < 1 || options.dimensions > 65536) {
    return InvalidArgument("vector dimensions must be in [1, 65536], got ",
                           std::to_string(options.dimensions));
  }
  if (options.search_threads < 1 || options.search_threads > 256) {
    return InvalidArgument("search_threads must be in [1, 256]");
  }
  return std::unique_ptr<ExactIndex>(new ExactIndex(options));
}

Result<std::vector<float>> ExactIndex::Prepare(std::span<const float> vector,
                                               const char* what) const {
  LH_RETURN_IF_ERROR(CheckVector(vector, static_cast<size_t>(options_.dimensions), what));
  std::vector<float> copy(vector.begin(), vector.end());
  if (options_.normalize) NormalizeL2(copy);
  return copy;
}

Status ExactIndex::Add(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(std::vector<float> v, Prepare(vector, "vector"));
  ExclusiveLock lock(mu_);
  return matrix_.Add(label, v);
}

Status ExactIndex::Replace(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(std::vector<float> v, Prepare(vector, "vector"));
  ExclusiveLock lock(mu_);
  return matrix_.Replace(label, v);
}

Status ExactIndex::Upsert(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(std::vector<float> v, Prepare(vector, "vector"));
  ExclusiveLock lock(mu_);
  return matrix_.Contains(label) ? matrix_.Replace(label, v) : matrix_.Add(label, v);
}

Status ExactIndex::Remove(uint64_t label) {
  ExclusiveLock lock(mu_);
  return matrix_.Remove(label);
}

bool ExactIndex::Contains(uint64_t label) const {
  SharedLock lock(mu_);
  return matrix_.Contains(label);
}

size_t ExactIndex::size() const {
  SharedLock lock(mu_);
  return matrix_.size();
}

Result<std::vector<SearchHit>> ExactIndex::Search(std::span<const float> query, int32_t k) const {
  if (k < 0) return InvalidArgument("k must be non-negative, got ", std::to_string(k));
  LH_ASSIGN_OR_RETURN(std::vector<float> q, Prepare(query, "query"));
  SharedLock lock(mu_);
  const size_t stride = matrix_.stride();
  // The query padded with zeros to the row stride, so the kernel runs without a scalar tail.
  LH_ASSIGN_OR_RETURN(AlignedFloatBuffer padded, AlignedFloatBuffer::Allocate(stride));
  std::copy(q.begin(), q.end(), padded.data());

  const size_t n = matrix_.size();
  const size_t keep = std::min(static_cast<size_t>(k), n);
  TopK top(keep);
  if (keep == 0) return top.Take();
  double norm_sq = 0;
  for (const float v : q) norm_sq += static_cast<double>(v) * v;
  // Padded upwards; never 0, so an infinite row bound stays infinite (0 · inf would be NaN).
  const float query_norm = std::max(static_cast<float>(std::sqrt(norm_sq) * (1.0 + 1e-6)), 1e-30f);
  const size_t threads =
      n * stride < kParallelScanMinFloats
          ? 1
          : std::min<size_t>(static_cast<size_t>(options_.search_threads), n / kScanBlockRows + 1);
  // Each worker scans a contiguous slice; their candidates and lower bounds are merged below.
  // Workers only read, under the shared lock this thread holds until they are joined.
  std::vector<ScanCandidates> partial(threads);
  if (threads <= 1) {
    ScanRows(padded.data(), query_norm, keep, 0, n, &partial[0]);
  } else {
    try {
      std::vector<std::jthread> workers;  // joined on scope exit, also when a spawn throws
      const size_t slice = (n + threads - 1) / threads;
      for (size_t t = 1; t < threads; ++t) {
        // The analysis cannot see that this thread's shared lock covers the workers.
        workers.emplace_back([&, t]() LH_NO_THREAD_SAFETY_ANALYSIS {
          ScanRows(padded.data(), query_norm, keep, std::min(n, t * slice),
                   std::min(n, (t + 1) * slice), &partial[t]);
        });
      }
      ScanRows(padded.data(), query_norm, keep, 0, std::min(n, slice), &partial[0]);
    } catch (const std::system_error& e) {
      return ResourceExhausted("cannot start search threads: ", e.what());
    }
  }
  // L: the k-th best lower bound over all rows. Every row of the true top k has an upper bound
  // ≥ its score ≥ the k-th best score ≥ L, so rows with an upper bound below L are out.
  std::vector<float> lower;
  for (const ScanCandidates& p : partial) lower.insert(lower.end(), p.lower.begin(), p.lower.end());
  float threshold = -std::numeric_limits<float>::infinity();
  if (lower.size() >= keep) {
    std::nth_element(lower.begin(), lower.begin() + static_cast<std::ptrdiff_t>(keep - 1),
                     lower.end(), std::greater<float>());
    threshold = lower[keep - 1];
  }
  for (const ScanCandidates& p : partial) {
    for (const auto& [row, upper] : p.rows) {
      if (upper < threshold) continue;
      const float score = DotProduct(padded.data(), matrix_.row(row), stride);
      if (top.WouldAccept(score)) top.Push({matrix_.label_at(row), score});
    }
  }
  return top.Take();
}

void ExactIndex::ScanRows(const float* padded_query, float query_norm, size_t keep, size_t begin,
                          size_t end, ScanCandidates* out) const {
  const size_t stride = matrix_.stride();
  float scores[kScanBlockRows];
  std::vector<float>& lower = out->lower;  // min-heap: lower.front() is the k-th best so far
  lower.reserve(keep);
  float threshold = -std::numeric_limits<float>::infinity();
  for (size_t block = begin; block < end; block += kScanBlockRows) {
    const size_t count = std::min(kScanBlockRows, end - block);
    DotProductRowsHalf(padded_query, matrix_.half_row(block), stride, count, stride, scores);
    for (size_t i = 0; i < count; ++i) {
      const float margin = query_norm * matrix_.half_error(block + i);
      const float upper = scores[i] + margin;  // +inf for rows without a usable half copy
      if (upper < threshold) continue;
      out->rows.emplace_back(block + i, upper);
      const float low = scores[i] - margin;
      if (lower.size() < keep) {
        lower.push_back(low);
        std::push_heap(lower.begin(), lower.end(), std::greater<float>());
      } else if (low > lower.front()) {
        std::pop_heap(lower.begin(), lower.end(), std::greater<float>());
        lower.back() = low;
        std::push_heap(lower.begin(), lower.end(), std::greater<float>());
      } else {
        continue;
      }
      if (lower.size() == keep) threshold = lower.front();
    }
  }
}

Result<std::vector<SearchHit>> ExactIndex::SearchAmong(
    std::span<const float> query, int32_t k, std::span<const uint64_t> allowed_labels) const {
  if (k < 0) return InvalidArgument("k must be non-negative, got ", std::to_string(k));
  LH_ASSIGN_OR_RETURN(std::vector<float> q, Prepare(query, "query"));

  SharedLock lock(mu_);
  std::vector<size_t> rows;
  rows.reserve(allowed_labels.size());
  for (const uint64_t label : allowed_labels) {
    if (const std::optional<size_t> r = matrix_.RowOf(label)) rows.push_back(*r);
  }
  // Ascending rows: duplicates collapse and the scan reads memory forwards.
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());

  TopK top(std::min(static_cast<size_t>(k), rows.size()));
  const size_t dims = static_cast<size_t>(options_.dimensions);
  for (const size_t r : rows) {
    const float score = DotProduct(q.data(), matrix_.row(r), dims);
    if (top.WouldAccept(score)) top.Push({matrix_.label_at(r), score});
  }
  return top.Take();
}

Result<std::vector<float>> ExactIndex::Get(uint64_t label) const {
  SharedLock lock(mu_);
  std::optional<size_t> row = matrix_.RowOf(label);
  if (!row) return NotFound("label ", std::to_string(label), " is not in the index");
  const float* data = matrix_.row(*row);
  return std::vector<float>(data, data + options_.dimensions);
}

void ExactIndex::ForEach(const std::function<void(uint64_t, std::span<const float>)>& fn) const {
  SharedLock lock(mu_);
  for (size_t r = 0; r < matrix_.size(); ++r) {
    fn(matrix_.label_at(r),
       std::span<const float>(matrix_.row(r), static_cast<size_t>(options_.dimensions)));
  }
}

}  // namespace lakehouse
