#include "vector/exact_index.h"

#include <algorithm>
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
  std::unique_lock lock(mu_);
  return matrix_.Add(label, v);
}

Status ExactIndex::Replace(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(std::vector<float> v, Prepare(vector, "vector"));
  std::unique_lock lock(mu_);
  return matrix_.Replace(label, v);
}

Status ExactIndex::Upsert(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(std::vector<float> v, Prepare(vector, "vector"));
  std::unique_lock lock(mu_);
  return matrix_.Contains(label) ? matrix_.Replace(label, v) : matrix_.Add(label, v);
}

Status ExactIndex::Remove(uint64_t label) {
  std::unique_lock lock(mu_);
  return matrix_.Remove(label);
}

bool ExactIndex::Contains(uint64_t label) const {
  std::shared_lock lock(mu_);
  return matrix_.Contains(label);
}

size_t ExactIndex::size() const {
  std::shared_lock lock(mu_);
  return matrix_.size();
}

Result<std::vector<SearchHit>> ExactIndex::Search(std::span<const float> query, int32_t k) const {
  if (k < 0) return InvalidArgument("k must be non-negative, got ", std::to_string(k));
  LH_ASSIGN_OR_RETURN(std::vector<float> q, Prepare(query, "query"));
  const size_t stride = matrix_.stride();
  // The query padded with zeros to the row stride, so the kernel runs without a scalar tail.
  LH_ASSIGN_OR_RETURN(AlignedFloatBuffer padded, AlignedFloatBuffer::Allocate(stride));
  std::copy(q.begin(), q.end(), padded.data());

  std::shared_lock lock(mu_);
  const size_t n = matrix_.size();
  const size_t keep = std::min(static_cast<size_t>(k), n);
  TopK top(keep);
  if (keep == 0) return top.Take();
  const size_t threads =
      n * stride < kParallelScanMinFloats
          ? 1
          : std::min<size_t>(static_cast<size_t>(options_.search_threads), n / kScanBlockRows + 1);
  if (threads <= 1) {
    ScanRows(padded.data(), 0, n, &top);
    return top.Take();
  }
  // Each worker keeps its own top-k over a contiguous slice; the slices' winners are merged.
  // Workers only read, under the shared lock this thread holds until they are joined.
  std::vector<TopK> partial(threads, TopK(keep));
  try {
    std::vector<std::jthread> workers;  // joined on scope exit, also when a spawn throws
    const size_t slice = (n + threads - 1) / threads;
    for (size_t t = 1; t < threads; ++t) {
      workers.emplace_back([&, t] {
        ScanRows(padded.data(), std::min(n, t * slice), std::min(n, (t + 1) * slice), &partial[t]);
      });
    }
    ScanRows(padded.data(), 0, std::min(n, slice), &partial[0]);
  } catch (const std::system_error& e) {
    return ResourceExhausted("cannot start search threads: ", e.what());
  }
  for (TopK& p : partial) {
    for (const SearchHit& hit : p.Take()) top.Push(hit);
  }
  return top.Take();
}

void ExactIndex::ScanRows(const float* padded_query, size_t begin, size_t end, TopK* top) const {
  const size_t stride = matrix_.stride();
  float scores[kScanBlockRows];
  for (size_t block = begin; block < end; block += kScanBlockRows) {
    const size_t count = std::min(kScanBlockRows, end - block);
    DotProductRows(padded_query, matrix_.row(block), stride, count, stride, scores);
    for (size_t i = 0; i < count; ++i) {
      if (top->WouldAccept(scores[i])) top->Push({matrix_.label_at(block + i), scores[i]});
    }
  }
}

Result<std::vector<SearchHit>> ExactIndex::SearchAmong(
    std::span<const float> query, int32_t k, std::span<const uint64_t> allowed_labels) const {
  if (k < 0) return InvalidArgument("k must be non-negative, got ", std::to_string(k));
  LH_ASSIGN_OR_RETURN(std::vector<float> q, Prepare(query, "query"));

  std::shared_lock lock(mu_);
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
  std::shared_lock lock(mu_);
  std::optional<size_t> row = matrix_.RowOf(label);
  if (!row) return NotFound("label ", std::to_string(label), " is not in the index");
  const float* data = matrix_.row(*row);
  return std::vector<float>(data, data + options_.dimensions);
}

void ExactIndex::ForEach(const std::function<void(uint64_t, std::span<const float>)>& fn) const {
  std::shared_lock lock(mu_);
  for (size_t r = 0; r < matrix_.size(); ++r) {
    fn(matrix_.label_at(r),
       std::span<const float>(matrix_.row(r), static_cast<size_t>(options_.dimensions)));
  }
}

}  // namespace lakehouse
