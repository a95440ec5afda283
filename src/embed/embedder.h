// Embedder: turns texts into fixed-length float vectors. Implementations: the built-in lexical
// HashEmbedder ("builtin/hash-v1") and RemoteEmbedder ("ollama/<model>", "openai/<model>");
// EmbedderRegistry (embedder_registry.h) picks one by model id.
//
// Contract for every implementation:
//   - Embed returns exactly one vector per input text, in input order, each of dimensions() floats.
//   - Vectors are L2-normalised (or all-zero for a text with nothing to embed), so inner product
//     is cosine similarity.
//   - model_id() names the model and its version; vectors from different model ids (or different
//     dimensions) must never be compared or stored in the same index.
//   - Expected failures (a remote model is down, a text is too long) are a Status, never an
//     exception.
// Thread-safety: each implementation states its own; HashEmbedder and RemoteEmbedder are fully
// thread-safe.
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
  // 0 while unknown: a remote model's dimensions are discovered by its first call.
  virtual int32_t dimensions() const = 0;
  // The dimensions, embedding a probe text first when they are not known yet (remote models).
  virtual Result<int32_t> DiscoverDimensions() { return dimensions(); }
  virtual const std::string& model_id() const = 0;
};

}  // namespace lakehouse
