// FlatMatrix: the storage of the exact index — every vector in one contiguous, 64-byte-aligned
// row-major float matrix, addressed by caller-chosen uint64 labels.
//
// Rows are padded with zeros to a multiple of 16 floats, so each row starts on a cache line and
// kernels can run on the padded width without tail handling. Removal swaps the last row into the
// hole (O(dims)), keeping the matrix dense; row numbers are therefore not stable, labels are.
// Capacity grows geometrically (×2), so appends are amortised O(dims).
//
// Thread-safety: externally synchronised (ExactIndex guards it with a shared mutex). Const
// members may be called concurrently with each other.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "vector/aligned_buffer.h"

namespace lakehouse {

class FlatMatrix {
 public:
  // Precondition: dimensions ≥ 1 (ExactIndex validates options).
  explicit FlatMatrix(int32_t dimensions);

  FlatMatrix(FlatMatrix&&) = default;
  FlatMatrix& operator=(FlatMatrix&&) = default;

  // Vectors must have dimensions() values; they are stored as given (callers normalise).
  Status Add(uint64_t label, std::span<const float> vector);      // ALREADY_EXISTS if present
  Status Replace(uint64_t label, std::span<const float> vector);  // NOT_FOUND if absent
  Status Remove(uint64_t label);                                  // NOT_FOUND if absent
  // Makes room for `rows` rows in total without further reallocation.
  Status Reserve(size_t rows);

  std::optional<size_t> RowOf(uint64_t label) const;
  bool Contains(uint64_t label) const { return rows_by_label_.contains(label); }

  int32_t dimensions() const { return dimensions_; }
  size_t stride() const { return stride_; }  // floats between consecutive rows (padded)
  size_t size() const { return labels_.size(); }
  size_t capacity() const { return capacity_; }
  const float* row(size_t r) const { return buffer_.data() + r * stride_; }
  uint64_t label_at(size_t r) const { return labels_[r]; }

 private:
  float* mutable_row(size_t r) { return buffer_.data() + r * stride_; }
  void WriteRow(size_t r, std::span<const float> vector);

  int32_t dimensions_;
  size_t stride_;
  size_t capacity_ = 0;
  AlignedFloatBuffer buffer_;                           // capacity_ × stride_ floats
  std::vector<uint64_t> labels_;                        // row → label
  std::unordered_map<uint64_t, size_t> rows_by_label_;  // label → row
};

}  // namespace lakehouse
