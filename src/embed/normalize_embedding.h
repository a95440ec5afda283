// NormalizeEmbedding: scales a vector to unit L2 length in place (all-zero stays all-zero) — the
// form every embedder returns (embedder.h), so that inner product is cosine similarity. embed/
// owns it so that it never includes vector/ (vector/ depends on embed/, not the other way; the
// indexes normalise their inputs with vector/vector_ops.h's NormalizeL2).
//
// Thread-safety: a pure function.
#pragma once

#include <span>

namespace lakehouse {

void NormalizeEmbedding(std::span<float> vector);

}  // namespace lakehouse
