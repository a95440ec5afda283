#include "vector/flat_matrix.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "vector/vector_ops.h"

namespace lakehouse {

FlatMatrix::FlatMatrix(int32_t dimensions)
    : dimensions_(dimensions), stride_((static_cast<size_t>(dimensions) + 15) / 16 * 16) {}

Status FlatMatrix::Reserve(size_t rows) {
  if (rows <= capacity_) return Status::Ok();
  if (rows > SIZE_MAX / stride_) return ResourceExhausted("vector matrix too large");
  LH_ASSIGN_OR_RETURN(AlignedFloatBuffer grown, AlignedFloatBuffer::Allocate(rows * stride_));
  // stride_ is a multiple of 16, so a row of halves is a whole number of floats.
  LH_ASSIGN_OR_RETURN(AlignedFloatBuffer grown_halves,
                      AlignedFloatBuffer::Allocate(rows * stride_ / 2));
  if (!labels_.empty()) {
    std::memcpy(grown.data(), buffer_.data(), labels_.size() * stride_ * sizeof(float));
    std::memcpy(grown_halves.data(), half_buffer_.data(),
                labels_.size() * stride_ * sizeof(uint16_t));
  }
  buffer_ = std::move(grown);
  half_buffer_ = std::move(grown_halves);
  half_errors_.reserve(rows);
  capacity_ = rows;
  labels_.reserve(rows);
  return Status::Ok();
}

void FlatMatrix::WriteRow(size_t r, std::span<const float> vector) {
  // The padding after the values is zero from allocation and from swap-removes copying whole
  // padded rows, so only the values are written.
  std::memcpy(mutable_row(r), vector.data(), vector.size() * sizeof(float));
  uint16_t* half = mutable_half_row(r);
  FloatsToHalves(vector.data(), vector.size(), half);
  // |fl(q·x) − fl(q·x̂)| ≤ |q|·|x − x̂| + γ·|q|·(|x| + |x̂|), γ = n·u/(1 − n·u) with u = 2⁻²⁴ the
  // float rounding unit: the conversion error plus the worst-case rounding of each dot product.
  // Computed in double and padded, so the float bound errs on the safe side.
  double diff_sq = 0, norm_sq = 0, half_norm_sq = 0;
  bool finite = true;
  for (size_t i = 0; i < vector.size(); ++i) {
    const double x = vector[i];
    const double h = HalfToFloat(half[i]);
    finite = finite && std::isfinite(h);
    diff_sq += (x - h) * (x - h);
    norm_sq += x * x;
    half_norm_sq += h * h;
  }
  float bound = std::numeric_limits<float>::infinity();
  if (finite) {
    const double n = static_cast<double>(stride_);
    const double gamma = n * 0x1p-24 / (1.0 - n * 0x1p-24);
    const double error =
        std::sqrt(diff_sq) + gamma * (std::sqrt(norm_sq) + std::sqrt(half_norm_sq));
    bound = static_cast<float>(error * 1.01 + 1e-7 * std::sqrt(norm_sq) + 1e-30);
  } else {
    std::memset(half, 0, stride_ * sizeof(uint16_t));  // scored 0, then always re-scored
  }
  if (r == half_errors_.size()) {
    half_errors_.push_back(bound);
  } else {
    half_errors_[r] = bound;
  }
}

Status FlatMatrix::Add(uint64_t label, std::span<const float> vector) {
  if (rows_by_label_.contains(label)) {
    return AlreadyExists("vector label ", std::to_string(label), " already exists");
  }
  if (labels_.size() == capacity_) {
    LH_RETURN_IF_ERROR(Reserve(std::max<size_t>(64, capacity_ * 2)));
  }
  const size_t r = labels_.size();
  WriteRow(r, vector);
  labels_.push_back(label);
  rows_by_label_.emplace(label, r);
  return Status::Ok();
}

Status FlatMatrix::Replace(uint64_t label, std::span<const float> vector) {
  const auto it = rows_by_label_.find(label);
  if (it == rows_by_label_.end()) {
    return NotFound("vector label ", std::to_string(label), " does not exist");
  }
  WriteRow(it->second, vector);
  return Status::Ok();
}

Status FlatMatrix::Remove(uint64_t label) {
  const auto it = rows_by_label_.find(label);
  if (it == rows_by_label_.end()) {
    return NotFound("vector label ", std::to_string(label), " does not exist");
  }
  const size_t hole = it->second;
  const size_t last = labels_.size() - 1;
  rows_by_label_.erase(it);
  if (hole != last) {
    std::memcpy(mutable_row(hole), row(last), stride_ * sizeof(float));
    std::memcpy(mutable_half_row(hole), half_row(last), stride_ * sizeof(uint16_t));
    half_errors_[hole] = half_errors_[last];
    labels_[hole] = labels_[last];
    rows_by_label_[labels_[hole]] = hole;
  }
  std::memset(mutable_row(last), 0, stride_ * sizeof(float));
  std::memset(mutable_half_row(last), 0, stride_ * sizeof(uint16_t));
  half_errors_.pop_back();
  labels_.pop_back();
  return Status::Ok();
}

std::optional<size_t> FlatMatrix::RowOf(uint64_t label) const {
  const auto it = rows_by_label_.find(label);
  if (it == rows_by_label_.end()) return std::nullopt;
  return it->second;
}

}  // namespace lakehouse
