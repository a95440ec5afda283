// Embedder: turns texts into fixed-length float vectors. Implementations: the built-in lexical
// HashEmbedder ("builtin/hash-v1"); remote model clients are added behind the same interface.
//
// Contract for every implementation:
//   - Embed returns exactly one vector per input text, in input order, each of dimensions() floats.
//   - Vectors are L2-normalised (or all-zero for a text with nothing to embed), so inner product
//     is cosine similarity.
//   - model_id() names the model and its version; vectors from different model ids (or different
//     dimensions) must never be compared or stored in the same index.
//   - Expected failures (a remote model is down, a text is too long) are a Status, never an
//     exception.
// Thread-safety: each implementation states its own; HashEmbedder is fully thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace lakehouse {

class Embedder {
 public:
  virtual ~Embedder() = default;

  virtual Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts) = 0;
  virtual int32_t dimensions() const = 0;
  virtual const std::string& model_id() const = 0;
};

}  // namespace lakehouse
