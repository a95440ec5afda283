// Kernels on float vectors shared by the exact and HNSW indexes.
//
// With AVX2 and FMA available at compile time (-march=native, LAKEHOUSE_NATIVE) the dot products
// use 256-bit FMA intrinsics; otherwise a portable scalar loop the compiler may auto-vectorise.
// All functions accept unaligned pointers and any length.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/status.h"

namespace lakehouse {

// Sum of a[i] * b[i] for i < n.
float DotProduct(const float* a, const float* b, size_t n);

// out[r] = DotProduct(query, rows + r * stride, dims) for r < count. Scores several rows per pass
// over the query, which is what makes a brute-force scan memory-bound rather than compute-bound.
void DotProductRows(const float* query, const float* rows, size_t stride, size_t count, size_t dims,
                    float* out);

// IEEE 754 binary16 ("half") storage for the exact index's first pass. With F16C compiled in
// (-march=native on x86-64) the conversions are the hardware's (round to nearest even);
// otherwise a portable conversion that rounds to nearest and flushes half subnormals to zero.
// Either way HalfToFloat decodes exactly what FloatsToHalves produced, which is all the exact
// index relies on (it measures each row's conversion error instead of assuming one). Values
// beyond half's range become ±infinity.
void FloatsToHalves(const float* in, size_t n, uint16_t* out);
float HalfToFloat(uint16_t half);

// out[r] = Σ_{i<dims} query[i] · HalfToFloat(rows[r * stride + i]) for r < count, in float
// arithmetic. Reads half as many bytes as DotProductRows.
void DotProductRowsHalf(const float* query, const uint16_t* rows, size_t stride, size_t count,
                        size_t dims, float* out);

// INVALID_ARGUMENT unless vector has exactly `dims` finite values. `what` names it in the message.
Status CheckVector(std::span<const float> vector, size_t dims, const char* what);

// Scales `vector` to unit L2 norm in place; an all-zero vector stays zero.
void NormalizeL2(std::span<float> vector);

// Whether this build uses the AVX2/FMA kernels (reported by benchmarks and diagnostics).
bool VectorOpsUseAvx2();

}  // namespace lakehouse
