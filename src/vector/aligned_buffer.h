// AlignedFloatBuffer: RAII owner of a zero-initialised float array aligned to a cache line
// (64 bytes, which also satisfies 32-byte AVX alignment).
//
// Thread-safety: externally synchronised, like a std::vector.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/result.h"

namespace lakehouse {

class AlignedFloatBuffer {
 public:
  static constexpr size_t kAlignment = 64;

  AlignedFloatBuffer() = default;

  // A zeroed buffer of `size` floats; RESOURCE_EXHAUSTED when the allocation fails.
  static Result<AlignedFloatBuffer> Allocate(size_t size) {
    AlignedFloatBuffer buffer;
    if (size == 0) return buffer;
    if (size > (SIZE_MAX - kAlignment) / sizeof(float)) {
      return ResourceExhausted("aligned buffer too large: ", std::to_string(size), " floats");
    }
    const size_t bytes = (size * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
    void* memory = std::aligned_alloc(kAlignment, bytes);
    if (memory == nullptr) {
      return ResourceExhausted("cannot allocate ", std::to_string(bytes), " bytes for vectors");
    }
    std::memset(memory, 0, bytes);
    buffer.data_.reset(static_cast<float*>(memory));
    buffer.size_ = size;
    return buffer;
  }

  AlignedFloatBuffer(AlignedFloatBuffer&& other) noexcept
      : data_(std::move(other.data_)), size_(other.size_) {
    other.size_ = 0;
  }
  AlignedFloatBuffer& operator=(AlignedFloatBuffer&& other) noexcept {
    data_ = std::move(other.data_);
    size_ = other.size_;
    other.size_ = 0;
    return *this;
  }
  AlignedFloatBuffer(const AlignedFloatBuffer&) = delete;
  AlignedFloatBuffer& operator=(const AlignedFloatBuffer&) = delete;

  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float[], Free> data_;
  size_t size_ = 0;
};

}  // namespace lakehouse
