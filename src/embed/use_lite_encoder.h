// UseLiteEncoder: the forward pass of the Universal Sentence Encoder lite graph
// (builtin/use-lite-v1), written out op by op from the TensorFlow.js graph's model.json and run
// on packed token sequences (no padding: the graph's padding positions are masked out of
// attention with a -1e9 bias, so each sequence computes exactly as if alone).
//
//   x   = 2·E[token] + [sin(p·f), cos(p·f)]      (the graph adds the timing-signalled embeddings
//                                                  to the plain ones; p = position, f = 128 freqs)
//   layer l (l = 0: d = 256, 4 heads × 64; l = 1: d = 512, 4 heads × 128):
//     a   = MultiHeadAttention(LayerNorm(x)) · Wo + bo      (q scaled by 1/sqrt(head size))
//     h   = a + (l == 0 ? x · Wd + bd : x)
//     x   = h + ReLU(LayerNorm(h) · W1 + b1) · W2 + b2       (LayerNorm eps 1e-6)
//   out = L2Normalise(tanh(mean over tokens(x) · Wt + bt))   (an empty sequence pools to 0)
// Only the first max_tokens() (128) tokens of a sequence count, as in the graph.
// Matrix products go through Eigen (docs/adr/ on the choice); Eigen stays inside the .cc.
//
// Thread-safety: immutable after construction; Encode is safe from any number of threads (each
// call uses its own scratch memory) and runs on the calling thread only.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "embed/use_lite_weights.h"

namespace lakehouse {

class UseLiteEncoder {
 public:
  static constexpr int32_t kDimensions = 512;

  explicit UseLiteEncoder(UseLiteWeights weights) : w_(std::move(weights)) {}

  // Writes one kDimensions vector per token list into `out` (row i = sequence i).
  // Precondition: out.size() == sequences.size() * kDimensions; ids in [0, 8002).
  void Encode(std::span<const std::vector<int32_t>> sequences, std::span<float> out) const;

  int32_t max_tokens() const { return w_.max_tokens; }
  int32_t vocabulary_rows() const { return w_.token_embeddings.rows; }

 private:
  const UseLiteWeights w_;
};

}  // namespace lakehouse
