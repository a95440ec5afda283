// FlatMatrix: the storage of the exact index — every vector in one contiguous, 64-byte-aligned
// row-major float matrix, addressed by caller-chosen uint64 labels.
//
// Rows are padded with zeros to a multiple of 16 floats, so each row starts on a cache line and
// kernels can run on the padded width without tail handling.
//
// Beside each row the matrix keeps its binary16 copy (half the bytes: what ExactIndex's first
// pass scans) and that copy's error bound: for any query q, the float scores of q against the row
// and against its half copy differ by at most |q|₂ · half_error(r) (conversion error plus the
// rounding of both float dot products). A row whose values do not fit in a half is stored as
// zeros with an infinite bound, so it is always re-scored exactly. Removal swaps the last row into
// the hole (O(dims)), keeping the matrix dense; row numbers are therefore not stable, labels are.
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
  // The binary16 copy of row r (stride() values, padding zero).
  const uint16_t* half_row(size_t r) const { return halves() + r * stride_; }
  float half_error(size_t r) const { return half_errors_[r]; }
  uint64_t label_at(size_t r) const { return labels_[r]; }

 private:
  float* mutable_row(size_t r) { return buffer_.data() + r * stride_; }
  // The half copies live in an aligned float buffer of half the size (two halves per float).
  const uint16_t* halves() const { return reinterpret_cast<const uint16_t*>(half_buffer_.data()); }
  uint16_t* mutable_half_row(size_t r) {
    return reinterpret_cast<uint16_t*>(half_buffer_.data()) + r * stride_;
  }
  void WriteRow(size_t r, std::span<const float> vector);

  int32_t dimensions_;
  size_t stride_;
  size_t capacity_ = 0;
  AlignedFloatBuffer buffer_;                           // capacity_ × stride_ floats
  AlignedFloatBuffer half_buffer_;                      // capacity_ × stride_ halves
  std::vector<float> half_errors_;                      // row → error bound of its half copy
  std::vector<uint64_t> labels_;                        // row → label
  std::unordered_map<uint64_t, size_t> rows_by_label_;  // label → row
};

}  // namespace lakehouse
