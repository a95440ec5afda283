#include "vector/flat_matrix.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace lakehouse {

FlatMatrix::FlatMatrix(int32_t dimensions)
    : dimensions_(dimensions), stride_((static_cast<size_t>(dimensions) + 15) / 16 * 16) {}

Status FlatMatrix::Reserve(size_t rows) {
  if (rows <= capacity_) return Status::Ok();
  if (rows > SIZE_MAX / stride_) return ResourceExhausted("vector matrix too large");
  LH_ASSIGN_OR_RETURN(AlignedFloatBuffer grown, AlignedFloatBuffer::Allocate(rows * stride_));
  if (!labels_.empty()) {
    std::memcpy(grown.data(), buffer_.data(), labels_.size() * stride_ * sizeof(float));
  }
  buffer_ = std::move(grown);
  capacity_ = rows;
  labels_.reserve(rows);
  return Status::Ok();
}

void FlatMatrix::WriteRow(size_t r, std::span<const float> vector) {
  // The padding after the values is zero from allocation and from swap-removes copying whole
  // padded rows, so only the values are written.
  std::memcpy(mutable_row(r), vector.data(), vector.size() * sizeof(float));
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
    labels_[hole] = labels_[last];
    rows_by_label_[labels_[hole]] = hole;
  }
  std::memset(mutable_row(last), 0, stride_ * sizeof(float));
  labels_.pop_back();
  return Status::Ok();
}

std::optional<size_t> FlatMatrix::RowOf(uint64_t label) const {
  const auto it = rows_by_label_.find(label);
  if (it == rows_by_label_.end()) return std::nullopt;
  return it->second;
}

}  // namespace lakehouse
