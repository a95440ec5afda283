#include "embed/normalize_embedding.h"

#include <cmath>

namespace lakehouse {

void NormalizeEmbedding(std::span<float> vector) {
  double norm_sq = 0.0;
  for (const float v : vector) norm_sq += static_cast<double>(v) * v;
  if (norm_sq == 0.0) return;
  const float inv = static_cast<float>(1.0 / std::sqrt(norm_sq));
  for (float& v : vector) v *= inv;
}

}  // namespace lakehouse
